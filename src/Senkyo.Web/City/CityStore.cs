using Microsoft.Extensions.Options;
using Senkyo.Domain.Municipality;
using Senkyo.Synthetic;

namespace Senkyo.Web.City;

/// <summary>
/// The municipality the application serves, from data/city.json. On first start, when the file
/// does not exist, the synthetic demo city of <see cref="SenkyoWebOptions.DemoProfile"/> is
/// written there; the UI labels every page デモ while <see cref="Municipality.IsSynthetic"/> is true.
/// </summary>
public sealed partial class CityStore(IOptions<SenkyoWebOptions> options, ILogger<CityStore> logger)
{
    private Municipality? _city;

    public Municipality City => _city ?? throw new InvalidOperationException("the city is loaded at start-up (StartupInitializer)");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.CityFilePath;
        if (!File.Exists(path))
        {
            var demo = SyntheticPopulation.City(options.Value.DemoProfile);
            var temp = path + ".tmp";
            await using (var stream = File.Create(temp))
            {
                await MunicipalityFile.WriteAsync(demo, stream, cancellationToken);
            }

            File.Move(temp, path, overwrite: false);
            LogDemoCreated(logger, options.Value.DemoProfile);
        }

        _city = await MunicipalityFile.ReadAsync(path, cancellationToken);
    }

    /// <summary>A place where 受付 staff check voters in: a 投票所 or a 期日前投票所.</summary>
    public VotingPlace? FindPlace(string? code) => code is null ? null : Places().FirstOrDefault(p => p.Code == code);

    public IEnumerable<VotingPlace> Places()
    {
        var city = City;
        var wardOfDistrict = city.VotingDistricts.ToDictionary(d => d.Code, d => d.WardCode, StringComparer.Ordinal);
        foreach (var e in city.EarlyVotingPlaces)
        {
            yield return new VotingPlace(e.Code, e.Name, e.WardCode, IsEarlyVoting: true);
        }

        foreach (var p in city.PollingPlaces)
        {
            yield return new VotingPlace(p.Code, p.Name, wardOfDistrict[p.DistrictCode], IsEarlyVoting: false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the synthetic demo city ({Profile}) in the data folder")]
    private static partial void LogDemoCreated(ILogger logger, string profile);

    public Ward? FindWard(string code) => City.Wards.FirstOrDefault(w => w.Code == code);
}

/// <summary>投票所 or 期日前投票所, as an assignment for 受付 staff.</summary>
public sealed record VotingPlace(string Code, string Name, string WardCode, bool IsEarlyVoting);
