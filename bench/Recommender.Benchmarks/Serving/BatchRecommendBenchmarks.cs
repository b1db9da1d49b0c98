using BenchmarkDotNet.Attributes;
using Recommender.Core.Serving;

namespace Recommender.Benchmarks.Serving;

/// <summary>
/// B users' top-10 (27,000 items x 64 factors, about 50 seen items masked each): B single-user calls against one batch
/// call that reads the item factors (or their int8 codes) once for all B. Same users, same results.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BatchRecommendBenchmarks
{
    private const int Users = 1_000;
    private const int K = 10;
    private ServingModel _model = null!;
    private RecommendRequest[] _requests = [];
    private int[] _written = [];
    private int _user;

    [Params(2, 4, 8, 16)]
    public int Batch { get; set; }

    /// <summary>The default path this CPU takes and the exact float scan.</summary>
    public static IEnumerable<string> Paths() => [ScoringPaths.Preferred.ToString(), nameof(ScoringPath.Exact)];

    [ParamsSource(nameof(Paths))]
    public string Path { get; set; } = nameof(ScoringPath.Exact);

    [GlobalSetup]
    public void Setup()
    {
        _model = ServingBenchmark.RandomModel(Users, 27_000, 64, seed: 1);
        _requests = new RecommendRequest[Batch];
        _written = new int[Batch];
    }

    [Benchmark(Baseline = true)]
    public int SingleCalls()
    {
        ScoringPath path = Enum.Parse<ScoringPath>(Path);
        int total = 0;
        foreach (RecommendRequest request in NextRequests())
        {
            total += RecommendationEngine.Recommend(_model, request.UserVector.Span, request.Seen.Span, request.Excluded.Span, null, request.Results.Span, path);
        }

        return total;
    }

    [Benchmark]
    public int OneBatch()
    {
        RecommendationEngine.RecommendBatch(_model, NextRequests(), _written, Enum.Parse<ScoringPath>(Path));
        return _written[0];
    }

    // Different users each call, as a server sees them; the result buffers are reused.
    private RecommendRequest[] NextRequests()
    {
        for (int q = 0; q < _requests.Length; q++)
        {
            _user = (_user + 1) % Users;
            int from = _model.Package.SeenItems.RowPointers[_user];
            _requests[q] = new RecommendRequest(
                _model.Package.Factors.UserFactors.AsMemory(_user * _model.Factors, _model.Factors),
                _model.Package.SeenItems.ColumnIndices.AsMemory(from, _model.Package.SeenItems.RowPointers[_user + 1] - from),
                ReadOnlyMemory<int>.Empty,
                _requests[q].Results.Length == K ? _requests[q].Results : new ScoredItem[K]);
        }

        return _requests;
    }
}
