using Microsoft.Extensions.Options;
using Senkyo.Web;

WebApplication app;
try
{
    app = SenkyoWebApplication.Build(args);
}
catch (OptionsValidationException e)
{
    // A setting the operator gave wrongly: say which and how, without a stack trace.
    await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, e.Failures));
    Environment.ExitCode = 2;
    return;
}

await app.RunAsync();

/// <summary>Entry point; public so in-process tests can start the app with WebApplicationFactory.</summary>
public partial class Program;
