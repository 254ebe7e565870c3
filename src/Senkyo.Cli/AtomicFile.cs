namespace Senkyo.Cli;

/// <summary>
/// Writes a file so that it either appears complete or not at all: into a temporary file beside
/// the target, renamed over it only on success, deleted on any failure or cancellation.
/// </summary>
public static class AtomicFile
{
    public static async Task<T> WriteAsync<T>(string path, Func<Stream, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new UserInputException($"{path}: not a file path");
        if (Directory.Exists(full))
        {
            throw new UserInputException($"{path}: is a directory; give a file name");
        }

        string temp;
        FileStream stream;
        try
        {
            Directory.CreateDirectory(directory);
            temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
            stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UserInputException($"{path}: cannot write here ({e.Message})", e);
        }

        try
        {
            T result;
            await using (stream)
            {
                result = await write(stream, cancellationToken);
            }

            File.Move(temp, full, overwrite: true);
            return result;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
