using System.CommandLine;

namespace Senkyo.Cli;

/// <summary><c>senkyo synth …</c>: the synthetic municipality and population.</summary>
public static class SynthCommands
{
    public static Command Create()
    {
        var synth = new Command("synth", "Generate synthetic data (合成データ): a city, its residents, their changes.");
        return synth;
    }
}
