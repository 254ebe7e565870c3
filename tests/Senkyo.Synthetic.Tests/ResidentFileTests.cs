using System.Security.Cryptography;
using System.Text;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Synthetic.Tests;

public sealed class ResidentFileTests(PopulationFixture fixture) : IClassFixture<PopulationFixture>
{
    private async Task<byte[]> WriteAsync(long count, ulong seed, string encoding, int parallelism, List<UnmappableCharacter>? problems = null)
    {
        var generator = new ResidentGenerator(fixture.City, SyntheticCatalog.Default, seed, PopulationFixture.AsOf);
        using var stream = new MemoryStream();
        var result = await ResidentFileWriter.WriteAsync(generator, count, seed, stream, OutputEncoding.Parse(encoding), parallelism: parallelism,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(count, result.Residents);
        problems?.AddRange(result.Unmappable);
        return stream.ToArray();
    }

    [Fact]
    public async Task Same_seed_gives_byte_identical_files_whatever_the_thread_count()
    {
        var one = await WriteAsync(30_000, 99, "utf-8", parallelism: 1);
        var four = await WriteAsync(30_000, 99, "utf-8", parallelism: 4);
        var again = await WriteAsync(30_000, 99, "utf-8", parallelism: 2);
        Assert.Equal(SHA256.HashData(one), SHA256.HashData(four));
        Assert.Equal(SHA256.HashData(one), SHA256.HashData(again));
        var other = await WriteAsync(30_000, 100, "utf-8", parallelism: 2);
        Assert.NotEqual(SHA256.HashData(one), SHA256.HashData(other));
    }

    [Fact]
    public async Task A_longer_file_starts_with_the_shorter_one_of_the_same_seed()
    {
        // Chunks are independent: asking for more people appends, it does not reshuffle.
        var small = Encoding.UTF8.GetString(await WriteAsync(ResidentGenerator.ChunkSize * 2, 5, "utf-8", 2));
        var large = Encoding.UTF8.GetString(await WriteAsync(ResidentGenerator.ChunkSize * 3, 5, "utf-8", 2));
        Assert.StartsWith(small, large, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_starts_with_the_synthetic_marker_then_the_documented_header()
    {
        var text = Encoding.UTF8.GetString(await WriteAsync(10, 1, "utf-8", 1));
        var lines = text.Split('\n');
        Assert.StartsWith("#SENKYO-SYNTHETIC resident-file v1 seed=1 as-of=2026-11-28", lines[0], StringComparison.Ordinal);
        Assert.Equal("resident_id,household_id,relationship,surname,given_name,surname_kana,given_name_kana,sex,birth_date,nationality,postal_code,ward_code,town_code,address,banchi,building,phone,resident_since,previous_address", lines[1]);
        Assert.Equal(10, lines.Skip(2).Count(l => l.Length > 0));
    }

    [Fact]
    public async Task Utf8_file_reads_back_to_the_same_residents()
    {
        var bytes = await WriteAsync(5_000, 77, "utf-8", 2);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
        Assert.Equal("resident-file", ResidentFileReader.ReadMarker(reader)!.Kind);
        var back = ResidentFileReader.ReadRows(reader, "mem.csv").ToList();
        var generator = new ResidentGenerator(fixture.City, SyntheticCatalog.Default, 77, PopulationFixture.AsOf);
        var expected = Enumerable.Range(0, ResidentGenerator.ChunkCount(5_000))
            .SelectMany(c => generator.GenerateChunk(c, ResidentGenerator.ChunkLength(5_000, c))).ToList();
        Assert.Equal(expected, back);
    }

    [Fact]
    public async Task Cp932_round_trips_and_reports_every_character_it_cannot_hold()
    {
        var problems = new List<UnmappableCharacter>();
        var bytes = await WriteAsync(60_000, 11, "cp932", 2, problems);
        var utf8 = await WriteAsync(60_000, 11, "utf-8", 2);
        var cp932 = OutputEncoding.Parse("cp932").Encoding;

        var decoded = cp932.GetString(bytes).Split('\n');
        var original = Encoding.UTF8.GetString(utf8).Split('\n');
        Assert.Equal(original.Length, decoded.Length);
        Assert.NotEmpty(problems); // 𠮷, 𡈽 and 葛+VS17 are not in CP932
        var reportedLines = problems.Select(p => p.Line).ToHashSet();
        for (var i = 0; i < original.Length; i++)
        {
            var line = i + 1;
            if (reportedLines.Contains(line))
            {
                Assert.NotEqual(original[i], decoded[i]);
                Assert.Contains(OutputEncoding.Substitute, decoded[i]);
            }
            else
            {
                Assert.Equal(original[i], decoded[i]); // everything else survives exactly
            }
        }

        Assert.All(problems, p => Assert.Contains(p.Text, original[p.Line - 1], StringComparison.Ordinal));
    }

    [Fact]
    public void Resident_id_check_digit_catches_a_changed_digit_or_a_transposition()
    {
        var id = Domain.Residents.ResidentId.FromBody(1234567890);
        Assert.True(Domain.Residents.ResidentId.IsValid(id));
        var changed = id[..3] + (char)('0' + ((id[3] - '0' + 1) % 10)) + id[4..];
        Assert.False(Domain.Residents.ResidentId.IsValid(changed));
        var swapped = id[..4] + id[5] + id[4] + id[6..];
        Assert.False(Domain.Residents.ResidentId.IsValid(swapped));
    }
}
