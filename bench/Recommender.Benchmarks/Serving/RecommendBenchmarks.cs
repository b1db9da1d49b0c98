using BenchmarkDotNet.Attributes;
using Recommender.Core.Serving;

namespace Recommender.Benchmarks.Serving;

/// <summary>One recommend call (score, mask seen items, top-10) on every scoring path this CPU runs, 27,000 x 64.</summary>
[MemoryDiagnoser]
public class RecommendBenchmarks
{
    private const int Users = 1_000;
    private readonly ScoredItem[] _results = new ScoredItem[10];
    private ServingModel _model = null!;
    private int _user;

    /// <summary>Only the paths the CPU (after any DOTNET_Enable* switches) supports.</summary>
    public static IEnumerable<string> Paths()
    {
        foreach (ScoringPath path in Enum.GetValues<ScoringPath>())
        {
            if (path is not ScoringPath.Auto and not ScoringPath.QuantizedPortable && ScoringPaths.IsSupported(path))
            {
                yield return path.ToString();
            }
        }
    }

    [ParamsSource(nameof(Paths))]
    public string Path { get; set; } = nameof(ScoringPath.Exact);

    [GlobalSetup]
    public void Setup() => _model = ServingBenchmark.RandomModel(Users, 27_000, 64, seed: 1);

    [Benchmark]
    public int Recommend()
    {
        // A different user each call, as a server sees them.
        _user = (_user + 1) % Users;
        return RecommendationEngine.Recommend(
            _model,
            _model.Package.Factors.User(_user),
            _model.Package.SeenItems.RowColumns(_user),
            [],
            null,
            _results,
            Enum.Parse<ScoringPath>(Path));
    }
}
