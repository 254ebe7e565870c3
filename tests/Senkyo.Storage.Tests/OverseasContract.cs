using Senkyo.Domain.Municipality;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Import;
using Senkyo.Synthetic;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Storage.Tests;

/// <summary>The 在外選挙人名簿 over the store (法30の2〜30の11): applications, entry, transfer, maintenance, voting, on every engine.</summary>
public abstract class OverseasContract(StoreTarget target) : IDisposable
{
    private static readonly AccessContext Clerk = new("clerk01", "registrar", "*", "overseas:test");
    private static readonly Municipality City = SyntheticPopulation.City();

    // 衆議院: 公示 2026-07-02, polling day 2026-07-19; a municipal election on the same days.
    private static readonly ElectionDates House = new(ElectionLevel.National, new DateOnly(2026, 7, 2), new DateOnly(2026, 7, 19));
    private static readonly ElectionDates Municipal = new(ElectionLevel.Municipal, new DateOnly(2026, 7, 12), new DateOnly(2026, 7, 19));

    private readonly string _dir = Directory.CreateTempSubdirectory("senkyo-overseas-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<SyntheticResident> Adults(int count, ulong seed = 11) =>
        [.. People.Residents(600, seed).Where(r => r.Nationality == "JPN" && r.BirthDate < new DateOnly(2000, 1, 1)).Take(count)];

    private async Task<(SenkyoStore Store, StoreLocation Location)> NewStoreAsync()
    {
        var location = await target.NewLocationAsync(Ct);
        using var key = MasterKey.Generate();
        return (await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, Clerk, null, Ct), location);
    }

    private Task<string> FileAsync(string name, params OverseasApplications.Row[] rows) =>
        OverseasApplications.WriteAsync(Path.Combine(_dir, name), rows, Ct);

    private static async Task<OverseasView> ViewAsync(SenkyoStore store, SyntheticResident p) =>
        Assert.Single(await store.FindOverseasAsync(Clerk, new OverseasQuery(p.SurnameKana + " " + p.GivenNameKana, null, p.BirthDate), Ct));

    [Fact]
    public async Task Consulate_applications_are_entered_held_or_refused_and_an_entry_votes_only_in_national_elections()
    {
        var (store, _) = await NewStoreAsync();
        await using var _s = store;
        var (a, b, c) = (Adults(3)[0], Adults(3)[1], Adults(3)[2]);
        var file = await FileAsync("apply.csv",
            OverseasApplications.AtConsulate(a, 1, City.Code, new DateOnly(2026, 5, 10), new DateOnly(2026, 1, 15)),
            OverseasApplications.AtConsulate(b, 2, City.Code, new DateOnly(2026, 5, 10), new DateOnly(2026, 4, 20)),
            OverseasApplications.AtConsulate(c, 3, "141003", new DateOnly(2026, 5, 10), new DateOnly(2025, 6, 1)));

        var applied = await store.ApplyOverseasApplicationsAsync(Clerk, file, City, FileEncoding.Auto, Ct);
        Assert.Equal(3, applied.Applications);
        Assert.Equal(("overseas.apply", (long?)3), ((await store.ReadAuditAsync(Ct))[^1].Action, (await store.ReadAuditAsync(Ct))[^1].ResultCount));
        Assert.All(await store.FindOverseasAsync(Clerk, new OverseasQuery(null, null, null), Ct), v => Assert.Equal(OverseasApplicationState.Held, v.State));

        var run = await store.ProcessOverseasAsync(Clerk, new DateOnly(2026, 6, 1), [House], Ct);
        Assert.Equal((3L, 1L, 0L, 1L, 1L), (run.Examined, run.Entered, run.Transferred, run.Held, run.Refused));

        var va = await ViewAsync(store, a);
        Assert.Equal((OverseasApplicationState.Entered, ElectorStatus.Elector, (DateOnly?)new DateOnly(2026, 6, 1)), (va.State, va.Status, va.RegisteredOn));
        var vb = await ViewAsync(store, b);
        // 3 months in the jurisdiction end 2026-07-20, after the 衆院 period (法30の4①, 法30の6③).
        Assert.Equal((OverseasApplicationState.Held, OverseasRegistrationRefusal.UnderThreeMonthsInJurisdiction, (DateOnly?)new DateOnly(2026, 7, 20)), (vb.State, vb.Refusal, vb.EarliestOn));
        var vc = await ViewAsync(store, c);
        Assert.Equal((OverseasApplicationState.Refused, OverseasRegistrationRefusal.WrongMunicipality), (vc.State, vc.Refusal));

        // 在外選挙人: 衆院 yes, a municipal election on the same day no (法30の2, 法9②).
        var house = await store.CheckOverseasVotingAsync(Clerk, va.Id, House, House.PollingDay, Ct);
        Assert.True(house.CanVote, house.Explanation);
        var local = await store.CheckOverseasVotingAsync(Clerk, va.Id, Municipal, Municipal.PollingDay, Ct);
        Assert.Equal((false, VotingRefusal.NationalElectionsOnly), (local.CanVote, local.Refusal));
        Assert.Equal(VotingRefusal.NotRegistered, (await store.CheckOverseasVotingAsync(Clerk, vb.Id, House, House.PollingDay, Ct)).Refusal);
        Assert.Equal(("overseas.eligibility", vb.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ((await store.ReadAuditAsync(Ct))[^1].Action, (await store.ReadAuditAsync(Ct))[^1].Subjects));

        // Inside the 衆院 period nothing is entered; the day after polling day the held application goes in.
        Assert.Equal(0, (await store.ProcessOverseasAsync(Clerk, new DateOnly(2026, 7, 10), [House], Ct)).Entered);
        Assert.Equal(1, (await store.ProcessOverseasAsync(Clerk, new DateOnly(2026, 7, 20), [House], Ct)).Entered);
        Assert.Equal(ElectorStatus.Elector, (await ViewAsync(store, b)).Status);
        Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact);
    }

    [Fact]
    public async Task A_departure_application_transfers_the_register_entry_the_day_after_the_move_out()
    {
        var (store, location) = await NewStoreAsync();
        await using var _s = store;
        var person = Adults(1, seed: 12)[0];
        var personId = await store.AddPersonAsync(Clerk, People.ToNewPerson(person) with { RegisteredOn = new DateOnly(2020, 3, 1) }, Ct);
        var file = await FileAsync("departure.csv", OverseasApplications.AtDeparture(person, 7, City.Code, new DateOnly(2026, 3, 20), new DateOnly(2026, 3, 31)));
        await store.ApplyOverseasApplicationsAsync(Clerk, file, City, FileEncoding.Auto, Ct);

        var before = await store.ProcessOverseasAsync(Clerk, new DateOnly(2026, 3, 31), [], Ct);
        Assert.Equal(1, before.Held);
        Assert.Equal((OverseasRegistrationRefusal.NoAddressAbroad, (DateOnly?)new DateOnly(2026, 4, 1)), ((await ViewAsync(store, person)).Refusal, (await ViewAsync(store, person)).EarliestOn));

        var run = await store.ProcessOverseasAsync(Clerk, new DateOnly(2026, 4, 1), [], Ct);
        Assert.Equal((1L, 1L), (run.Entered, run.Transferred));
        Assert.Equal((int)ElectorStatus.Deleted, await RegisterFiles.ScalarAsync<int>(location, $"SELECT status FROM person WHERE id = {personId}", Ct));
        Assert.Equal((int)DeletionReason.TransferredToOverseasRegister, await RegisterFiles.ScalarAsync<int>(location, $"SELECT deletion_reason FROM person WHERE id = {personId}", Ct));
        Assert.Equal(1, await RegisterFiles.ScalarAsync<int>(location, $"SELECT count(*) FROM register_history WHERE person_id = {personId} AND change = 'delete' AND reason = 6", Ct));

        // The elector now votes through the 在外選挙人名簿 in a national election only.
        var view = await ViewAsync(store, person);
        Assert.True((await store.CheckOverseasVotingAsync(Clerk, view.Id, House, House.PollingDay, Ct)).CanVote);
        Assert.Equal(VotingRefusal.NationalElectionsOnly, (await store.CheckOverseasVotingAsync(Clerk, view.Id, Municipal, Municipal.PollingDay, Ct)).Refusal);
    }

    [Fact]
    public async Task Notices_lead_to_the_mark_and_deletions_the_maintenance_rule_owes()
    {
        var (store, _) = await NewStoreAsync();
        await using var _s = store;
        var (back, dead) = (Adults(2, seed: 13)[0], Adults(2, seed: 13)[1]);
        var file = await FileAsync("two.csv",
            OverseasApplications.AtConsulate(back, 1, City.Code, new DateOnly(2026, 1, 10), new DateOnly(2025, 6, 1)),
            OverseasApplications.AtConsulate(dead, 2, City.Code, new DateOnly(2026, 1, 10), new DateOnly(2025, 6, 1)));
        await store.ApplyOverseasApplicationsAsync(Clerk, file, City, FileEncoding.Auto, Ct);
        Assert.Equal(2, (await store.ProcessOverseasAsync(Clerk, new DateOnly(2026, 2, 1), [], Ct)).Entered);
        var (vBack, vDead) = (await ViewAsync(store, back), await ViewAsync(store, dead));

        // Back in Japan (a 住民票 made in 横浜市): 表示 (法30の10①), then 抹消 after 4 months (法30の11①二).
        await store.RecordOverseasNoticeAsync(Clerk, vBack.Id, new OverseasNotice(OverseasNoticeKind.DomesticAddress, new DateOnly(2026, 9, 1), "141003"), Ct);
        await store.RecordOverseasNoticeAsync(Clerk, vDead.Id, new OverseasNotice(OverseasNoticeKind.Death, new DateOnly(2026, 9, 5)), Ct);
        var run = await store.ProcessOverseasAsync(Clerk, new DateOnly(2026, 9, 10), [], Ct);
        Assert.Equal((1L, 1L), (run.Marked, run.Deleted));
        Assert.Equal(ElectorStatus.Marked, (await ViewAsync(store, back)).Status);
        Assert.Equal(ElectorStatus.Deleted, (await ViewAsync(store, dead)).Status);
        // A marked returner still votes with the card in a national election until entered on a register in Japan.
        var autumn = new ElectionDates(ElectionLevel.National, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 18));
        var marked = await store.CheckOverseasVotingAsync(Clerk, vBack.Id, autumn, autumn.PollingDay, Ct);
        Assert.True(marked.CanVote, marked.Explanation);
        Assert.Equal(ElectorStatus.Marked, marked.RegisterStatus);
        Assert.Contains("法30の10①", marked.Explanation, StringComparison.Ordinal);

        var later = await store.ProcessOverseasAsync(Clerk, new DateOnly(2027, 1, 10), [], Ct);
        Assert.Equal(1, later.Deleted);
        Assert.Equal(ElectorStatus.Deleted, (await ViewAsync(store, back)).Status);
        var election = new ElectionDates(ElectionLevel.National, new DateOnly(2027, 7, 1), new DateOnly(2027, 7, 18));
        Assert.Equal(VotingRefusal.Deleted, (await store.CheckOverseasVotingAsync(Clerk, vBack.Id, election, election.PollingDay, Ct)).Refusal);
        Assert.Equal(VotingRefusal.Deceased, (await store.CheckOverseasVotingAsync(Clerk, vDead.Id, election, election.PollingDay, Ct)).Refusal);
    }

    [Fact]
    public async Task A_second_application_of_an_entered_elector_is_refused_as_already_registered()
    {
        var (store, _) = await NewStoreAsync();
        await using var _s = store;
        var p = Adults(1, seed: 14)[0];
        await store.ApplyOverseasApplicationsAsync(Clerk, await FileAsync("one.csv", OverseasApplications.AtConsulate(p, 1, City.Code, new DateOnly(2026, 1, 10), new DateOnly(2025, 6, 1))), City, FileEncoding.Auto, Ct);
        await store.ProcessOverseasAsync(Clerk, new DateOnly(2026, 2, 1), [], Ct);
        await store.ApplyOverseasApplicationsAsync(Clerk, await FileAsync("again.csv", OverseasApplications.AtConsulate(p, 2, City.Code, new DateOnly(2026, 3, 10), new DateOnly(2025, 6, 1))), City, FileEncoding.Auto, Ct);
        var run = await store.ProcessOverseasAsync(Clerk, new DateOnly(2026, 4, 1), [], Ct);
        Assert.Equal((0L, 1L), (run.Entered, run.Refused));
        var views = await store.FindOverseasAsync(Clerk, new OverseasQuery(null, p.Surname + p.GivenName, null), Ct);
        Assert.Contains(views, v => v is { State: OverseasApplicationState.Refused, Refusal: OverseasRegistrationRefusal.AlreadyRegistered });
        Assert.Single(views, v => v.State == OverseasApplicationState.Entered);

        // Name and birth date typed without a space: the surname within the date, the kanji name within the date.
        Assert.Equal(views.Count, (await store.FindOverseasAsync(Clerk, new OverseasQuery(p.SurnameKana, null, p.BirthDate), Ct)).Count);
        Assert.Equal(views.Count, (await store.FindOverseasAsync(Clerk, new OverseasQuery(null, p.Surname + p.GivenName, p.BirthDate), Ct)).Count);
        Assert.Empty(await store.FindOverseasAsync(Clerk, new OverseasQuery(p.SurnameKana, null, p.BirthDate.AddDays(1)), Ct));
    }

    public static TheoryData<string, int, string, string> BadFields => new()
    {
        // column index, value, expected column
        { "bad route", 1, "embassy", "route" },
        { "impossible date", 2, "2026-02-30", "filed_on" },
        { "hiragana kana", 6, "やまだ", "surname_kana" },
        { "check digit", 3, "12345678901", "resident_id" },
        { "domicile", 10, "13101", "registered_domicile" },
        { "oversized", 16, new string('x', 300), "address_abroad" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_file_with_an_error_changes_nothing_and_names_file_line_and_column(string _, int field, string value, string column)
    {
        var (store, location) = await NewStoreAsync();
        await using var _s = store;
        var people = Adults(3, seed: 15);
        var rows = people.Select((p, i) => OverseasApplications.AtConsulate(p, i + 1, City.Code, new DateOnly(2026, 1, 10), new DateOnly(2025, 6, 1))).ToArray();
        var path = await FileAsync("bad.csv", rows);
        var lines = await File.ReadAllLinesAsync(path, Ct);
        var f = lines[3].Split(',');
        f[field] = value;
        lines[3] = string.Join(',', f);
        await File.WriteAllLinesAsync(path, lines, Ct);
        var before = (await store.ReadAuditAsync(Ct)).Count;

        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => store.ApplyOverseasApplicationsAsync(Clerk, path, City, FileEncoding.Auto, Ct));
        var error = Assert.Single(e.Errors);
        Assert.Equal((4L, column, path), (error.Line, error.Column, error.File));
        Assert.DoesNotContain(people[1].Surname, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await RegisterFiles.ScalarAsync<long>(location, "SELECT count(*) FROM overseas_elector", Ct));
        Assert.Equal(before, (await store.ReadAuditAsync(Ct)).Count);
    }

    [Fact]
    public async Task Numbers_already_used_are_errors_and_a_production_store_refuses_a_synthetic_file()
    {
        var (store, location) = await NewStoreAsync();
        await using var _s = store;
        var p = Adults(2, seed: 16);
        var first = await FileAsync("first.csv", OverseasApplications.AtConsulate(p[0], 1, City.Code, new DateOnly(2026, 1, 10), new DateOnly(2025, 6, 1)));
        await store.ApplyOverseasApplicationsAsync(Clerk, first, City, FileEncoding.Auto, Ct);
        var again = await FileAsync("again.csv", OverseasApplications.AtConsulate(p[1], 1, City.Code, new DateOnly(2026, 1, 10), new DateOnly(2025, 6, 1)),
            OverseasApplications.AtDeparture(p[1], 2, City.Code, new DateOnly(2026, 1, 10), new DateOnly(2026, 1, 20)));
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => store.ApplyOverseasApplicationsAsync(Clerk, again, City, FileEncoding.Auto, Ct));
        Assert.Contains(e.Errors, x => (x.Line, x.Column) == (3, "application_no"));
        Assert.Contains(e.Errors, x => (x.Line, x.Column) == (4, "resident_id") && x.Problem.Contains("no such resident", StringComparison.Ordinal));
        Assert.Equal(1, await RegisterFiles.ScalarAsync<long>(location, "SELECT count(*) FROM overseas_elector", Ct));

        var production = await target.NewLocationAsync(Ct);
        using var key = MasterKey.Generate();
        await using var real = await SenkyoStore.CreateAsync(production, key, StoreKind.Production, Clerk, null, Ct);
        await Assert.ThrowsAsync<StoreRefusedException>(() => real.ApplyOverseasApplicationsAsync(Clerk, first, City with { IsSynthetic = false }, FileEncoding.Auto, Ct));
    }

    [Fact]
    public async Task A_ward_scoped_clerk_is_refused_and_the_refusal_is_audited()
    {
        var (store, _) = await NewStoreAsync();
        await using var _s = store;
        var ward = Clerk with { Actor = "clerk07", WardScope = City.Wards[0].Code };
        await Assert.ThrowsAsync<StoreRefusedException>(() => store.FindOverseasAsync(ward, new OverseasQuery(null, null, null), Ct));
        var last = (await store.ReadAuditAsync(Ct))[^1];
        Assert.Equal(("overseas.list", AuditOutcome.Denied, "clerk07"), (last.Action, last.Outcome, last.Actor));
        await Assert.ThrowsAsync<StoreRefusedException>(() => store.ProcessOverseasAsync(ward, new DateOnly(2026, 1, 1), [], Ct));
    }

    [Fact]
    public async Task Data_key_rotation_re_encrypts_overseas_entries_and_they_stay_findable()
    {
        var (store, location) = await NewStoreAsync();
        await using var _s = store;
        var p = Adults(2, seed: 17);
        await store.AddPersonAsync(Clerk, People.ToNewPerson(p[1]), Ct);
        await store.ApplyOverseasApplicationsAsync(Clerk, await FileAsync("rot.csv", OverseasApplications.AtConsulate(p[0], 1, City.Code, new DateOnly(2026, 1, 10), new DateOnly(2025, 6, 1))), City, FileEncoding.Auto, Ct);
        var result = await store.RotateDataKeysAsync(Clerk, 10, null, Ct);
        Assert.Equal((2L, 0L), (result.Done, result.Remaining));
        Assert.Equal(0, await RegisterFiles.ScalarAsync<long>(location, "SELECT count(*) FROM overseas_elector WHERE identity_key = 1", Ct));
        Assert.Equal(OverseasApplicationState.Held, (await ViewAsync(store, p[0])).State);
        Assert.Single(await store.FindOverseasAsync(Clerk, new OverseasQuery(p[0].SurnameKana, null, null), Ct));
    }

    public void Dispose()
    {
        target.Dispose();
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteOverseasTests() : OverseasContract(new SqliteTarget());

public sealed class PostgresOverseasTests(PostgresServer server) : OverseasContract(new PostgresTarget(server));
