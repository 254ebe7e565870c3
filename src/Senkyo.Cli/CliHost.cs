using System.CommandLine;

namespace Senkyo.Cli;

/// <summary>
/// Runs the command tree with exit codes scripts can trust:
/// 0 success, 2 bad arguments or bad input, 1 internal failure.
/// </summary>
public static class CliHost
{
    public const int Success = 0;
    public const int InternalFailure = 1;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            await stderr.WriteLineAsync("Run with --help for usage.");
            return BadInput;
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (UserInputException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("cancelled");
            return InternalFailure;
        }
#pragma warning disable CA1031 // The top level turns any unexpected failure into exit code 1 with a message.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await stderr.WriteLineAsync($"internal error: {e.GetType().Name}: {e.Message}");
            return InternalFailure;
        }
    }
}

/// <summary>Bad arguments or bad input: reported to the user, exit code 2, nothing changed.</summary>
public sealed class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }

    public UserInputException(string message, Exception inner) : base(message, inner) { }

    public UserInputException() { }
}
