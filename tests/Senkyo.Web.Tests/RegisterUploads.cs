using System.Net;
using System.Text.RegularExpressions;
using Senkyo.Domain.Municipality;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Changes;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Web.Tests;

/// <summary>
/// Synthetic interface files for the 名簿 pages (never hand-made people): a resident file of the app's own demo city
/// and change files continuing it, written the way `senkyo synth residents` and `senkyo synth changes` write them; and
/// the multipart posts a browser makes for /register/import.
/// </summary>
public sealed partial class RegisterUploads : IDisposable
{
    public static readonly DateOnly AsOf = new(2026, 11, 28);

    private readonly string _dir = Directory.CreateTempSubdirectory("senkyo-web-register-").FullName;

    public string Dir => _dir;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<string> ResidentFileAsync(Municipality city, int count, ulong seed, string encoding = "utf-8", string name = "residents.csv")
    {
        var path = Path.Combine(_dir, name);
        var generator = new ResidentGenerator(city, SyntheticCatalog.Default, seed, AsOf);
        await using var s = File.Create(path);
        await ResidentFileWriter.WriteAsync(generator, count, seed, s, OutputEncoding.Parse(encoding), cancellationToken: Ct);
        return path;
    }

    /// <summary>A change file for [from, to] continuing <paramref name="residentFile"/> (its base-sha256).</summary>
    public async Task<string> ChangeFileAsync(Municipality city, string residentFile, ulong seed, DateOnly from, DateOnly to, string name)
    {
        List<SyntheticResident> rows;
        using (var reader = new StreamReader(residentFile, InterfaceFile.DetectEncoding(residentFile)))
        {
            ResidentFileReader.ReadMarker(reader);
            rows = [.. ResidentFileReader.ReadRows(reader, residentFile)];
        }

        var hash = await InterfaceFile.Sha256Async(residentFile, Ct);
        var events = new ChangeGenerator(city, SyntheticCatalog.Default, seed, from).Generate(rows, from, to).ToList();
        var path = Path.Combine(_dir, name);
        await using var s = File.Create(path);
        await ChangeFileWriter.WriteAsync(events, ChangeFileWriter.MarkerLine(seed, from, to, hash), s, OutputEncoding.Parse("utf-8"), Ct);
        return path;
    }

    /// <summary>A copy of a UTF-8 file with one line (1-based) replaced.</summary>
    public string Spoiled(string path, string name, int line, Func<string, string> spoil)
    {
        var lines = File.ReadAllLines(path);
        lines[line - 1] = spoil(lines[line - 1]);
        var spoiled = Path.Combine(_dir, name);
        File.WriteAllText(spoiled, string.Join('\n', lines) + "\n");
        return spoiled;
    }

    public static string FlipCheckDigit(string line)
    {
        var f = line.Split(',');
        f[0] = f[0][..10] + (char)('0' + ((f[0][10] - '0' + 1) % 10));
        return string.Join(',', f);
    }

    /// <summary>
    /// POSTs the import form as a browser does: multipart, the antiforgery token first, the file last. A null token
    /// leaves it out; <paramref name="unknownLength"/> sends the body chunked, without a Content-Length.
    /// </summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string kind, byte[] file, string fileName = "file.csv", string? token = "", bool unknownLength = false, string asOf = "")
    {
        if (token == "")
        {
            token = await TokenAsync(client, "/register/import");
        }

        using var form = new MultipartFormDataContent();
        if (token is not null)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }

        form.Add(new StringContent(kind), "Kind");
        form.Add(new StringContent("auto"), "Encoding");
        form.Add(new StringContent(asOf), "AsOf");
        HttpContent content = unknownLength ? new StreamContent(new UnseekableStream(file)) : new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(content, "File", fileName);
        return await client.PostAsync("/register/import", form, Ct);
    }

    public static async Task<HttpResponseMessage> UploadFileAsync(HttpClient client, string kind, string path, string asOf = "") =>
        await UploadAsync(client, kind, await File.ReadAllBytesAsync(path, Ct), Path.GetFileName(path), asOf: asOf);

    public static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page, Ct);
        var m = TokenPattern().Match(html);
        Assert.True(m.Success, $"no antiforgery token on {page}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>The page as text: tags removed, entities decoded, white space collapsed, for Contains checks.</summary>
    public static string Text(string html) =>
        SpacePattern().Replace(WebUtility.HtmlDecode(TagPattern().Replace(html, " ")), " ");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpacePattern();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A body whose length HttpClient cannot know, so it is sent chunked.</summary>
    private sealed class UnseekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
