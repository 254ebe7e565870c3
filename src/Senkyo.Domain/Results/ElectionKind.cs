namespace Senkyo.Domain.Results;

/// <summary>選挙の種類: the kind of contest, which fixes how winners and thresholds are computed.</summary>
public enum ElectionKind
{
    /// <summary>衆議院小選挙区選出議員の選挙: one seat, 法定得票 1/6 (法95①一), 没収点 1/10 (法93①一).</summary>
    HouseSingleMember,

    /// <summary>衆議院比例代表選出議員の選挙: closed list by block, D'Hondt (法95の2).</summary>
    HouseProportional,

    /// <summary>参議院選挙区選出議員の選挙: valid ÷ seats × 1/6 to win (法95①二), × 1/8 forfeits (法93①二).</summary>
    CouncillorsDistrict,

    /// <summary>参議院比例代表選出議員の選挙: open list with 特定枠, D'Hondt (法95の3).</summary>
    CouncillorsProportional,

    /// <summary>都道府県知事の選挙: 法定得票 1/4 (法95①四), 没収点 1/10 (法93①).</summary>
    Governor,

    /// <summary>市町村長の選挙: 法定得票 1/4 (法95①四), 没収点 1/10 (法93①).</summary>
    Mayor,

    /// <summary>都道府県議会議員の選挙: valid ÷ 定数 × 1/4 to win (法95①三), × 1/10 forfeits (法93①).</summary>
    PrefecturalAssembly,

    /// <summary>市町村議会議員の選挙: valid ÷ 定数 × 1/4 to win (法95①三), × 1/10 forfeits (法93①).</summary>
    MunicipalAssembly,

    /// <summary>住民投票: options, not candidates; no 法定得票, no deposit; a tie is reported, never drawn.</summary>
    Referendum,
}

/// <summary>
/// 法定得票数 (法95①) and 供託物没収点 (法93①) for a contest. Both are exact fractions; a
/// candidate wins only with votes ≥ the minimum and forfeits the deposit with votes &lt; the
/// forfeiture point ("達しないとき").
/// </summary>
public static class ElectionRules
{
    /// <summary>Whether winners are decided by candidates' votes (法95) rather than by party lists (法95の2, 法95の3).</summary>
    public static bool IsPlurality(ElectionKind kind) =>
        kind is not (ElectionKind.HouseProportional or ElectionKind.CouncillorsProportional);

    /// <summary>
    /// The seat count that divides the valid votes: for 参院選挙区 the regular 定数 of the district,
    /// or the number to elect where that is larger (法95①二 ただし書); for local assemblies the
    /// 定数 of the district, also at a by-election (法95①三).
    /// </summary>
    public static int DivisorSeats(ElectionKind kind, int seatsToElect, int? fullSeats) => kind switch
    {
        ElectionKind.CouncillorsDistrict => Math.Max(fullSeats ?? seatsToElect, seatsToElect),
        ElectionKind.PrefecturalAssembly or ElectionKind.MunicipalAssembly => fullSeats ?? seatsToElect,
        _ => 1,
    };

    /// <summary>法定得票数 (法95①一〜四); null where the kind has none.</summary>
    public static Rational? MinimumVoteToWin(ElectionKind kind, Rational validVotes, int seatsToElect, int? fullSeats) => kind switch
    {
        ElectionKind.HouseSingleMember => validVotes / 6,
        ElectionKind.CouncillorsDistrict => validVotes / DivisorSeats(kind, seatsToElect, fullSeats) / 6,
        ElectionKind.PrefecturalAssembly or ElectionKind.MunicipalAssembly => validVotes / DivisorSeats(kind, seatsToElect, fullSeats) / 4,
        ElectionKind.Governor or ElectionKind.Mayor => validVotes / 4,
        _ => null,
    };

    /// <summary>
    /// 供託物没収点 (法93①): 1/10 of valid votes for 衆院小選挙区 and for 知事・市町村長;
    /// valid ÷ 定数 × 1/8 for 参院選挙区; valid ÷ 定数 × 1/10 for local assemblies.
    /// Proportional lists forfeit by seats won (法93②), which is not a vote threshold: null.
    /// </summary>
    public static Rational? DepositForfeitThreshold(ElectionKind kind, Rational validVotes, int seatsToElect, int? fullSeats) => kind switch
    {
        ElectionKind.HouseSingleMember or ElectionKind.Governor or ElectionKind.Mayor => validVotes / 10,
        ElectionKind.CouncillorsDistrict => validVotes / DivisorSeats(kind, seatsToElect, fullSeats) / 8,
        ElectionKind.PrefecturalAssembly or ElectionKind.MunicipalAssembly => validVotes / DivisorSeats(kind, seatsToElect, fullSeats) / 10,
        _ => null,
    };
}
