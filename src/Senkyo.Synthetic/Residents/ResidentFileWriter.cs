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

        var head = $"{ResidentFileFormat.MarkerLine("resident-file", seed, generator.AsOf)}\n{ResidentFileFormat.HeaderLine}\n";
        await output.WriteAsync(encoding.Encoding.GetBytes(head), cancellationToken);

        var unmappable = new List<UnmappableCharacter>();
        var degree = Math.Max(1, parallelism ?? Environment.ProcessorCount);
        var pending = new Queue<Task<RenderedChunk>>();
        var chunks = ResidentGenerator.ChunkCount(count);
        long written = 0;

        async Task Drain()
        {
            using var rendered = await pending.Dequeue();
            await output.WriteAsync(rendered.Row.Written, cancellationToken);
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

    private sealed record RenderedChunk(RowBuffer Row, int Count, List<UnmappableCharacter> Unmappable) : IDisposable
    {
        public void Dispose() => Row.Dispose();
    }

    private static RenderedChunk Render(ResidentGenerator generator, int chunk, int size, OutputEncoding encoding)
    {
        var residents = generator.GenerateChunk(chunk, size);
        var row = new RowBuffer(encoding, size * 260);
        var problems = new List<UnmappableCharacter>();
        // Line 1 is the marker, line 2 the header; records start on line 3.
        var line = ((long)chunk * ResidentGenerator.ChunkSize) + 3;
        foreach (var r in residents)
        {
            var current = line++;
            ResidentFileFormat.Write(row, r, column => problems.Add(new UnmappableCharacter(current, column, r.ResidentId, Value(r, column))));
        }

        return new RenderedChunk(row, residents.Count, problems);
    }

    private static string Value(SyntheticResident r, string column) => column switch
    {
        "surname" => r.Surname,
        "given_name" => r.GivenName,
        "surname_kana" => r.SurnameKana,
        "given_name_kana" => r.GivenNameKana,
        "address" => r.Address,
        "banchi" => r.Banchi,
        "building" => r.Building,
        _ => r.PreviousAddress,
    };
}
