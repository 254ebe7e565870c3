namespace Senkyo.Domain.Results;

/// <summary>What a flag reports; each is shown, none is resolved silently.</summary>
public enum FlagCode
{
    /// <summary>同数: a tie the 選挙長 must decide by lot (法95②, 法95の2, 法95の3); no program choice.</summary>
    LotRequired,

    /// <summary>A tie decided by a recorded draw.</summary>
    DecidedByLot,

    /// <summary>法定得票数に達しない (法95①).</summary>
    BelowMinimumVote,

    /// <summary>Fewer winners than seats: 再選挙 or 繰上 needed (法109, 法110, 法112).</summary>
    SeatsUnfilled,

    /// <summary>名簿の不足: a party has no eligible list candidate left; its seat passes on (法95の2, 法95の3).</summary>
    ListExhausted,

    /// <summary>供託物没収 (法93①).</summary>
    DepositForfeited,

    /// <summary>投票者数 ≠ 投票総数 + 持ち帰り・不足.</summary>
    ReconciliationGap,

    /// <summary>投票総数 ≠ valid + invalid ballots.</summary>
    BallotCountMismatch,

    /// <summary>Declared 有効投票数 disagrees with the figures.</summary>
    ValidVotesMismatch,

    /// <summary>Published (truncated) figures tie or invert where the exact 按分 fraction decides.</summary>
    ExactFractionDecides,

    /// <summary>惜敗率 equal to three decimals; the exact ratio decides.</summary>
    LossRatioEqualAtThreeDecimals,

    /// <summary>None of the named candidates has definite votes in the counting district; divided equally.</summary>
    ApportionmentWithoutBase,

    /// <summary>住民投票 options tie: no majority, no lot.</summary>
    ReferendumTie,

    /// <summary>The 小選挙区 result a dual candidate depends on is undecided (lot pending).</summary>
    DistrictUndecided,
}

/// <summary>Something the officials must see: a tie, a gap, a threshold not reached, a list used up.</summary>
public sealed record Flag(FlagCode Code, string Message);

/// <summary>A draw the officials still have to hold: among whom, for how many places, and why.</summary>
public sealed record PendingLot(string Purpose, IReadOnlyList<string> Among, int Places);

/// <summary>The outcome for one candidate, list member or option.</summary>
public enum CandidateStatus
{
    Elected,
    NotElected,

    /// <summary>Depends on a draw not yet recorded.</summary>
    LotPending,

    /// <summary>衆院比例: won the 小選挙区 and is skipped on the list (法95の2).</summary>
    ElectedInDistrict,

    /// <summary>衆院比例: under 1/10 of valid votes in the 小選挙区, removed from the list (法95の2⑥, 法93①一).</summary>
    ExcludedBelowDepositThreshold,
}

/// <summary>惜敗率: district votes ÷ votes of the district's top candidate, exact, shown truncated to three decimals of a percent.</summary>
public sealed record LossRatio(Rational Exact)
{
    public string Percent => (Exact * 100).ToDecimalString(3);
}

/// <summary>当落: one candidate's figures, status, 当選順位 and, on 衆院比例 lists, 惜敗率.</summary>
public sealed record CandidateResult
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Party { get; init; }

    public int? ListRank { get; init; }

    public bool Priority { get; init; }

    /// <summary>Published figure: definite votes plus 按分 shares truncated per counting district.</summary>
    public Votes Votes { get; init; }

    /// <summary>Exact figure with untruncated shares; decides every comparison.</summary>
    public Rational ExactVotes { get; init; }

    public CandidateStatus Status { get; init; }

    /// <summary>当選順位 (1-based) among the contest's or party's winners.</summary>
    public int? ElectedOrder { get; init; }

    /// <summary>衆院比例: the dual candidacy's district and the loss ratio there.</summary>
    public string? DualContest { get; init; }

    public LossRatio? LossRatio { get; init; }

    public bool ForfeitsDeposit { get; init; }

    public bool ReachedMinimumVote { get; init; } = true;
}

/// <summary>A seat won by a D'Hondt quotient: party votes ÷ divisor, with its rank among winning quotients.</summary>
public sealed record WinningQuotient(string Party, int Divisor, Rational Quotient, int SeatRank);

/// <summary>政党等の得票数と当選人数 in a list contest (法95の2, 法95の3).</summary>
public sealed record PartyResult
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public Votes Votes { get; init; }

    public Rational ExactVotes { get; init; }

    /// <summary>参院比例: party-name votes and candidates' personal votes that make up the total.</summary>
    public Votes? PartyNameVotes { get; init; }

    public int Seats { get; init; }

    public int EligibleCandidates { get; init; }

    public bool ListExhausted { get; init; }
}

/// <summary>One 按分 share: ballots written as <see cref="Text"/>, the part given to one choice.</summary>
public sealed record ApportionmentShare(string? Text, long Ballots, string Choice, Rational Exact, Votes Published);

/// <summary>Per counting district: valid and invalid votes, the 按分 detail and the reconciliation.</summary>
public sealed record CountingDistrictResult
{
    public required string Name { get; init; }

    public Rational ValidVotes { get; init; }

    public long InvalidVotes { get; init; }

    public IReadOnlyDictionary<string, long> InvalidByCategory { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<ApportionmentShare> Apportionment { get; init; } = [];

    public long? VotersCheckedIn { get; init; }

    public long? BallotsInBox { get; init; }

    public long? BallotsUnaccounted { get; init; }

    /// <summary>投票者数 − 投票総数 − 持ち帰り・不足, when the figures are there; should be 0.</summary>
    public long? ReconciliationGap { get; init; }
}

/// <summary>One contest's result (選挙会の結果): thresholds, candidates, parties, 按分 detail, flags and lots still to draw.</summary>
public sealed record ContestResult
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public ElectionKind Kind { get; init; }

    public int Seats { get; init; }

    public bool ByElection { get; init; }

    public Rational ValidVotes { get; init; }

    public Rational? MinimumVoteToWin { get; init; }

    public Rational? DepositForfeitThreshold { get; init; }

    /// <summary>Candidates in result order: winners by elected order, then the rest.</summary>
    public IReadOnlyList<CandidateResult> Candidates { get; init; } = [];

    public IReadOnlyList<PartyResult> Parties { get; init; } = [];

    public IReadOnlyList<WinningQuotient> WinningQuotients { get; init; } = [];

    public IReadOnlyList<CountingDistrictResult> CountingDistricts { get; init; } = [];

    public IReadOnlyList<Flag> Flags { get; init; } = [];

    public IReadOnlyList<PendingLot> PendingLots { get; init; } = [];

    public IEnumerable<CandidateResult> Winners => Candidates.Where(c => c.Status == CandidateStatus.Elected).OrderBy(c => c.ElectedOrder);
}

/// <summary>The results of every contest in a document.</summary>
public sealed record ResultsReport(string? Election, DateOnly? PollingDay, IReadOnlyList<ContestResult> Contests);
