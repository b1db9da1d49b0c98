using BenchmarkDotNet.Attributes;
using Recommender.Core.Artifacts;
using Recommender.Core.Feedback;
using Recommender.Core.Serving;

namespace Recommender.Benchmarks.Serving;

/// <summary>
/// A known user's request (top-10 of 27,000 items x 64 factors) served from their trained row, and with one like newer
/// than the model, which re-solves their vector over a training history of <see cref="History"/> items first.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class KnownUserUpdateBenchmarks
{
    private const int Users = 200;
    private readonly RecommendationQuery _query = new(10);
    private ServingModel _model = null!;
    private UserFeedback _like = null!;
    private int _user;

    [Params(20, 200, 1000)]
    public int History { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ModelPackage random = ServingBenchmark.RandomModel(Users, 27_000, 64, seed: 1).Package;
        var generator = new Random(2);
        var rows = new int[Users * History];
        var columns = new int[rows.Length];
        var values = new float[rows.Length];
        for (int n = 0; n < rows.Length; n++)
        {
            rows[n] = n / History;
            columns[n] = generator.Next(random.Items.Count);
        }

        var seen = Recommender.Core.Als.CsrMatrix.FromCoordinates(Users, random.Items.Count, rows, columns, values);
        var confidence = new float[seen.NonZeros];
        for (int n = 0; n < confidence.Length; n++)
        {
            confidence[n] = 1f + (4f * (float)generator.NextDouble());
        }

        var package = new ModelPackage(random.Manifest, random.Factors, random.Users, random.Items, seen, random.Popularity, random.Titles) { SeenConfidence = confidence };
        _model = new ServingModel(package, DateTimeOffset.UnixEpoch);
        var like = new FeedbackEvent { EventId = "e", UserId = "any", ItemId = random.Items[7], Event = FeedbackKind.Like, Timestamp = DateTimeOffset.UnixEpoch };
        _like = new UserFeedback(new HashSet<string>(), new Dictionary<string, float> { [like.ItemId] = 2f }) { Events = [like] };
    }

    [Benchmark(Baseline = true)]
    public int TrainedRow() => RecommendationService.ForUser(_model, NextUser(), UserFeedback.None, _query).Items.Count;

    [Benchmark]
    public int UpdatedVector() => RecommendationService.ForUser(_model, NextUser(), _like, _query).Items.Count;

    [Benchmark]
    public float SolveOnly()
    {
        _user = (_user + 1) % Users;
        return KnownUserUpdate.TryBuild(_model, _user, _like)!.SolveUser()[0];
    }

    // A different user each call, as a server sees them.
    private string NextUser()
    {
        _user = (_user + 1) % Users;
        return _model.Package.Users[_user];
    }
}
