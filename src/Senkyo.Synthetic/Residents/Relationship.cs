namespace Senkyo.Synthetic.Residents;

/// <summary>続柄: a member's relationship to the household head (世帯主), as the registry writes it.</summary>
public static class Relationship
{
    public const string Head = "世帯主";
    public const string Wife = "妻";
    public const string Husband = "夫";
    public const string Child = "子";
    public const string Father = "父";
    public const string Mother = "母";

    public static IReadOnlyList<string> All { get; } = [Head, Wife, Husband, Child, Father, Mother];
}
