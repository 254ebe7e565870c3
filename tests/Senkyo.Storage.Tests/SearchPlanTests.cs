using Microsoft.Data.Sqlite;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage.Tests;

/// <summary>
/// SQLite only: how the database answers the look-ups <see cref="NameSearch"/> plans. A name without a space and a
/// birth date must be found through the full-name-and-date index and the surname within the date (schema 7's
/// birth-date index), never by reading everyone born that day; each term of a search is answered by an index, and a
/// clerk's ward scope is never the index that finds rows. Queries by 投票区 use the register index.
/// </summary>
public sealed class SearchPlanTests : IDisposable
{
    private readonly SqliteTarget _target = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("ヤマダタロウ", null, "USING INDEX person_bidx_kana_birth (bidx_kana_birth=?)", "USING INDEX person_bidx_birth (bidx_birth=? AND bidx_kana_surname=?)")]
    [InlineData(null, "山田太郎", "USING INDEX person_bidx_birth (bidx_birth=?)", null)]
    [InlineData(null, "山田 太郎", "USING INDEX person_bidx_birth (bidx_birth=?)", null)]
    [InlineData("ヤマダ タロウ", null, "USING INDEX person_bidx_kana_birth (bidx_kana_birth=?)", null)]
    public async Task A_name_and_a_birth_date_are_answered_by_index_probes_only(string? kana, string? kanji, string first, string? second)
    {
        // Everywhere, and for a clerk whose scope is two wards: the ward is checked, never the index that finds rows.
        foreach (string[]? wards in new[] { null, new[] { "141", "142" } })
        {
            var plan = await PlanAsync(NameSearch.Plan(kana, kanji, new DateOnly(1970, 4, 1), Domain.Text.SearchKeyNormalizer.Default.Normalize), wards);
            Assert.Contains(plan, l => l.Contains(first, StringComparison.Ordinal));
            if (second is not null)
            {
                Assert.Contains(plan, l => l.Contains(second, StringComparison.Ordinal));
            }

            Assert.DoesNotContain(plan, l => l.Contains("SCAN person", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Queries_by_voting_district_use_the_register_index()
    {
        var location = await _target.NewLocationAsync(Ct);
        using (var key = MasterKey.Generate())
        {
            await using var store = await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, People.Clerk, null, Ct);
        }

        // The statements of the registration runs and the 名簿抄本 (schema 8 dropped the indexes no query used).
        foreach (var sql in (string[])[
            "SELECT DISTINCT district FROM person WHERE district IS NOT NULL ORDER BY district",
            "SELECT COALESCE(MAX(register_no), 0) + 1 FROM person WHERE district = 'd'",
            "SELECT id FROM person WHERE district = 'd' AND status = 0 AND died_on IS NULL",
            "SELECT id FROM person WHERE district = 'd' AND register_no IS NOT NULL AND status IN (1, 2, 4) ORDER BY register_no"])
        {
            var detail = await ExplainAsync(location, sql);
            Assert.Contains("person_register", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("SCAN person", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_purpose_without_a_key_is_an_error_not_an_empty_look_up()
    {
        var search = NameSearch.Plan("ヤマダ", null, null, Domain.Text.SearchKeyNormalizer.Default.Normalize);
        Assert.Throws<KeyAccessException>(() => IndexWhere.Build(search.Terms, (_, _) => []));
    }

    [Fact]
    public void A_look_up_shared_by_two_terms_is_hashed_and_sent_once()
    {
        var search = NameSearch.Plan(null, "山田", new DateOnly(1970, 4, 1), Domain.Text.SearchKeyNormalizer.Default.Normalize);
        var hashed = 0;
        var (where, parameters) = IndexWhere.Build(search.Terms, (_, _) => [++hashed, 1000 + hashed]);
        Assert.Equal(3, hashed); // birth once, kanji, kanji surname
        Assert.Equal(6, parameters.Count);
        Assert.Equal(2, where.Split("bidx_birth IN (@x0, @x1)").Length - 1);
    }

    [Fact]
    public async Task A_surname_alone_is_answered_by_the_name_indexes()
    {
        var plan = await PlanAsync(NameSearch.Plan("ヤマダ", null, null, Domain.Text.SearchKeyNormalizer.Default.Normalize));
        Assert.Contains(plan, l => l.Contains("USING INDEX person_bidx_kana (bidx_kana=?)", StringComparison.Ordinal));
        Assert.Contains(plan, l => l.Contains("USING INDEX person_bidx_kana_surname (bidx_kana_surname=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, l => l.Contains("SCAN person", StringComparison.Ordinal));
    }

    public void Dispose() => _target.Dispose();

    private static async Task<string> ExplainAsync(StoreLocation location, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={location.SqlitePath};Pooling=False");
        await c.OpenAsync(Ct);
        await using var cmd = c.CreateCommand();
#pragma warning disable CA2100 // test-only SQL: the product's own statements
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
#pragma warning restore CA2100
        var lines = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join(" | ", lines);
    }

    /// <summary>EXPLAIN QUERY PLAN of the look-up's WHERE clause on a new store's schema, one key version per purpose.</summary>
    private async Task<List<string>> PlanAsync(NameSearch search, IReadOnlyList<string>? wards = null)
    {
        var location = await _target.NewLocationAsync(Ct);
        using (var key = MasterKey.Generate())
        {
            await using var store = await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, People.Clerk, null, Ct);
        }

        var version = 0L;
        var (where, parameters) = IndexWhere.Build(search.Terms, (_, _) => [++version], wards);
        await using var c = new SqliteConnection($"Data Source={location.SqlitePath};Pooling=False");
        await c.OpenAsync(Ct);
        await using var cmd = c.CreateCommand();
#pragma warning disable CA2100 // test-only SQL: the product's own clause, values as parameters
        cmd.CommandText = "EXPLAIN QUERY PLAN SELECT id, identity FROM person WHERE " + where + " ORDER BY id LIMIT 1000";
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        var plan = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }
}
