using BenchmarkDotNet.Attributes;
using Recommender.Core.Artifacts;
using Recommender.Core.Feedback;
using Recommender.Core.Rules;
using Recommender.Core.Serving;

namespace Recommender.Benchmarks.Rules;

/// <summary>
/// A known user's top-10 through the service (27,000 items x 64 factors, item i of genre i mod 12) with no filter,
/// 100 blocked items, a one-genre include filter (keeps 1/12 of the catalogue) and a one-genre exclude filter.
/// </summary>
[MemoryDiagnoser]
public class ItemFilterBenchmarks
{
    private const int Users = 1_000;
    private const int Items = 27_000;
    private ServingModel _model = null!;
    private ItemFilter _filter = ItemFilter.None;
    private int _user;

    [Params("none", "blocked-100", "include-1-genre", "exclude-1-genre")]
    public string Filter { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        ModelPackage p = ServingBenchmark.RandomModel(Users, Items, 64, seed: 1).Package;
        var genres = new string[Items][];
        for (int i = 0; i < Items; i++)
        {
            genres[i] = ["Genre-" + (i % 12)];
        }

        _model = new ServingModel(new ModelPackage(p.Manifest, p.Factors, p.Users, p.Items, p.SeenItems, p.Popularity, p.Titles) { Genres = new ItemGenres(genres) }, DateTimeOffset.UnixEpoch);
        var none = new HashSet<string>(StringComparer.Ordinal);
        _filter = Filter switch
        {
            "blocked-100" => new ItemFilter(Enumerable.Range(0, 100).Select(i => _model.Package.Items[i * 7]).ToHashSet(StringComparer.Ordinal), GenreFilter.None),
            "include-1-genre" => new ItemFilter(none, new GenreFilter(["Genre-3"], [])),
            "exclude-1-genre" => new ItemFilter(none, new GenreFilter([], ["Genre-3"])),
            _ => ItemFilter.None,
        };
    }

    [Benchmark]
    public int ForUser()
    {
        // A different user each call, as a server sees them.
        _user = (_user + 1) % Users;
        return RecommendationService.ForUser(_model, _model.Package.Users[_user], UserFeedback.None, new RecommendationQuery(10) { Filter = _filter }).Items.Count;
    }
}
