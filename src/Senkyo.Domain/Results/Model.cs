namespace Senkyo.Domain.Results;

/// <summary>
/// 選挙結果の入力: a set of contests with their per-counting-district tallies, as published in
/// the open-data results format (docs/formats/results.md). Anyone can recompute the results from it.
/// </summary>
public sealed record ResultsDocument
{
    public const string FormatName = "senkyo-results";
    public const int CurrentVersion = 1;

    public string Format { get; init; } = FormatName;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The election's name (e.g. 第51回衆議院議員総選挙).</summary>
    public string? Election { get; init; }

    /// <summary>投票日, ISO 8601.</summary>
    public DateOnly? PollingDay { get; init; }

    public IReadOnlyList<Contest> Contests { get; init; } = [];
}

/// <summary>
/// One contest (選挙): a kind, the seats to fill (選挙すべき議員の数), and for by-elections or
/// 参院選挙区 the 定数 that divides valid votes in the thresholds (法95①二・三, 法93①).
/// A 衆院比例 block or a 参院比例 national list is one contest.
/// </summary>
public sealed record Contest
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public required ElectionKind Kind { get; init; }

    public required int Seats { get; init; }

    /// <summary>定数 of the district where it differs from the seats to elect (by-elections, 法95①二・三).</summary>
    public int? FullSeats { get; init; }

    /// <summary>補欠選挙 (法113): same rules as the kind, with <see cref="FullSeats"/> as divisor.</summary>
    public bool ByElection { get; init; }

    public IReadOnlyList<Party> Parties { get; init; } = [];

    public IReadOnlyList<Candidate> Candidates { get; init; } = [];

    /// <summary>開票区ごとの開票結果.</summary>
    public IReadOnlyList<CountingDistrictTally> Tallies { get; init; } = [];

    /// <summary>くじ (法95②, 法95の2, 法95の3): draws the 選挙長 held, recorded by the officials.</summary>
    public IReadOnlyList<LotRecord> Lots { get; init; } = [];
}

/// <summary>政党等 (名簿届出政党等, 法86の2, 法86の3).</summary>
public sealed record Party
{
    public required string Id { get; init; }

    public required string Name { get; init; }
}

/// <summary>
/// 候補者 or 名簿登載者. For 衆院比例: <see cref="ListRank"/> is the 当選人となるべき順位 (several
/// dual candidates may share one, 法86の2⑥) and <see cref="Dual"/> names the 小選挙区 candidacy
/// (重複立候補, 法86の2④). For 参院比例: <see cref="Priority"/> marks 特定枠 with its order in
/// <see cref="ListRank"/> (法86の3①). For 住民投票 a "candidate" is an option.
/// </summary>
public sealed record Candidate
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Party { get; init; }

    public int? ListRank { get; init; }

    public bool Priority { get; init; }

    public DualCandidacy? Dual { get; init; }
}

/// <summary>重複立候補: the 小選挙区 contest and the candidate's id there.</summary>
public sealed record DualCandidacy
{
    public required string Contest { get; init; }

    public required string Candidate { get; init; }
}

/// <summary>
/// 開票区ごとの開票結果. Vote figures may carry three decimals when a publication already
/// applied 按分; then <see cref="ValidVotes"/>, an integer count of ballots, must be given.
/// 投票者数 = 投票総数 + 持ち帰り・不足 is checked, and any gap is reported, never absorbed.
/// </summary>
public sealed record CountingDistrictTally
{
    public required string CountingDistrict { get; init; }

    public IReadOnlyDictionary<string, Votes> CandidateVotes { get; init; } = new Dictionary<string, Votes>();

    /// <summary>Party-name votes (政党等の名称・略称を記載した投票).</summary>
    public IReadOnlyDictionary<string, Votes> PartyVotes { get; init; } = new Dictionary<string, Votes>();

    public IReadOnlyList<AmbiguousVote> Ambiguous { get; init; } = [];

    /// <summary>無効投票 by category: blank (白票), other-writing (他事記載), not-a-candidate (候補者でない者の氏名), …</summary>
    public IReadOnlyDictionary<string, long> Invalid { get; init; } = new Dictionary<string, long>();

    /// <summary>投票者数: electors checked in.</summary>
    public long? VotersCheckedIn { get; init; }

    /// <summary>投票総数: ballots found in the box.</summary>
    public long? BallotsInBox { get; init; }

    /// <summary>持ち帰り・不足: ballots issued but not in the box, as explained by the officials.</summary>
    public long? BallotsUnaccounted { get; init; }

    /// <summary>有効投票数 when declared (required when figures are already apportioned).</summary>
    public long? ValidVotes { get; init; }
}

/// <summary>
/// 按分の対象となる投票 (法68の2): ballots naming only what several candidates (or parties, or a
/// party and a candidate in 参院比例) share, e.g. a surname. Valid, and divided among them.
/// </summary>
public sealed record AmbiguousVote
{
    /// <summary>What was written, e.g. "田中".</summary>
    public string? Text { get; init; }

    public required long Votes { get; init; }

    public IReadOnlyList<string> Candidates { get; init; } = [];

    public IReadOnlyList<string> Parties { get; init; } = [];
}

/// <summary>A draw held by the 選挙長 (法95②): among whom, and the order drawn (first places win).</summary>
public sealed record LotRecord
{
    public required IReadOnlyList<string> Among { get; init; }

    public required IReadOnlyList<string> Drawn { get; init; }
}
