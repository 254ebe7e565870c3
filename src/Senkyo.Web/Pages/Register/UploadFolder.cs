using Microsoft.Extensions.Options;

namespace Senkyo.Web.Pages.Register;

/// <summary>
/// Where an uploaded resident or change file waits while the store imports it: <c>DATA/uploads</c>, inside the data
/// folder the deployment already protects (never under a web root), the folder 0700 and each file 0600, one file per
/// upload, deleted when the request ends. Files a crashed process left behind (they hold personal data) are deleted
/// the first time this process uploads.
/// </summary>
public sealed class UploadFolder(IOptions<SenkyoWebOptions> options)
{
    private readonly Lock _gate = new();
    private bool _swept;

    public string Path => System.IO.Path.Combine(options.Value.DataPath, "uploads");

    /// <summary>A new, empty file only this process user can read; the caller deletes it.</summary>
    public (string Path, FileStream Stream) Create()
    {
        lock (_gate)
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Path);
            }
            else
            {
                // Also when the folder already existed with a wider mode.
                const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                Directory.CreateDirectory(Path, Private);
                File.SetUnixFileMode(Path, Private);
            }

            if (!_swept)
            {
                foreach (var leftover in Directory.EnumerateFiles(Path, "upload-*.tmp"))
                {
                    File.Delete(leftover);
                }

                _swept = true;
            }
        }

        var file = System.IO.Path.Combine(Path, "upload-" + Guid.NewGuid().ToString("N") + ".tmp");
        var open = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            open.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return (file, new FileStream(file, open));
    }
}
