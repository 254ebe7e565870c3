using System.Text;

namespace Senkyo.Synthetic.Residents;

/// <summary>What a resident file run wrote.</summary>
public sealed record ResidentFileResult(long Residents, IReadOnlyList<UnmappableCharacter> Unmappable);

/// <summary>
/// Streams generated residents to a file: chunks are generated and encoded in parallel and written
/// strictly in order, with at most two chunks per core in flight, so memory stays flat whatever
/// the count and the bytes never depend on the thread count.
/// </summary>
public static class ResidentFileWriter
{
    public static async Task<ResidentFileResult> WriteAsync(
        ResidentGenerator generator,
        long count,
        ulong seed,
        Stream output,
        OutputEncoding encoding,
        IProgress<long>? progress = null,
        int? parallelism = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        var head = new StringBuilder()
            .Append(ResidentFileFormat.MarkerLine("resident-file", seed, generator.AsOf)).Append('\n')
            .Append(ResidentFileFormat.HeaderLine).Append('\n');
        var headBytes = encoding.Encoding.GetBytes(head.ToString());
        await output.WriteAsync(headBytes, cancellationToken);

        var unmappable = new List<UnmappableCharacter>();
        var degree = Math.Max(1, parallelism ?? Environment.ProcessorCount);
        var pending = new Queue<Task<RenderedChunk>>();
        var chunks = ResidentGenerator.ChunkCount(count);
        long written = 0;

        async Task Drain()
        {
            var rendered = await pending.Dequeue();
            await output.WriteAsync(rendered.Bytes, cancellationToken);
            unmappable.AddRange(rendered.Unmappable);
            written += rendered.Count;
            progress?.Report(written);
        }

        for (var c = 0; c < chunks; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (pending.Count >= degree * 2)
            {
                await Drain();
            }

            var chunk = c;
            pending.Enqueue(Task.Run(() => Render(generator, chunk, ResidentGenerator.ChunkLength(count, chunk), encoding), cancellationToken));
        }

        while (pending.Count > 0)
        {
            await Drain();
        }

        await output.FlushAsync(cancellationToken);
        return new ResidentFileResult(written, unmappable);
    }

    private sealed record RenderedChunk(byte[] Bytes, int Count, List<UnmappableCharacter> Unmappable);

    private static RenderedChunk Render(ResidentGenerator generator, int chunk, int size, OutputEncoding encoding)
    {
        var residents = generator.GenerateChunk(chunk, size);
        var sb = new StringBuilder(size * 200);
        foreach (var r in residents)
        {
            ResidentFileFormat.AppendRecord(sb, r);
        }

        var text = sb.ToString();
        var bytes = encoding.Encoding.GetBytes(text);
        var problems = new List<UnmappableCharacter>();
        if (!encoding.IsUtf8 && !string.Equals(encoding.Encoding.GetString(bytes), text, StringComparison.Ordinal))
        {
            // Line 1 is the marker, line 2 the header; records start on line 3.
            var firstLine = ((long)chunk * ResidentGenerator.ChunkSize) + 3;
            for (var i = 0; i < residents.Count; i++)
            {
                FindUnmappable(residents[i], firstLine + i, encoding, problems);
            }
        }

        return new RenderedChunk(bytes, residents.Count, problems);
    }

    private static void FindUnmappable(SyntheticResident r, long line, OutputEncoding encoding, List<UnmappableCharacter> problems)
    {
        void Check(string column, string value)
        {
            if (!encoding.CanEncode(value))
            {
                problems.Add(new UnmappableCharacter(line, column, r.ResidentId, value));
            }
        }

        Check("surname", r.Surname);
        Check("given_name", r.GivenName);
        Check("surname_kana", r.SurnameKana);
        Check("given_name_kana", r.GivenNameKana);
        Check("address", r.Address);
        Check("building", r.Building);
        Check("previous_address", r.PreviousAddress);
    }
}
