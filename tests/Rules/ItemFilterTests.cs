using Recommender.Core.Artifacts;
using Recommender.Core.Feedback;
using Recommender.Core.Rules;
using Recommender.Core.Serving;
using Recommender.Tests.Artifacts;

namespace Recommender.Tests.Rules;

public class ItemFilterTests
{
    // user-u has seen item-u; popularity falls with the item index (item-0 most popular). Item i has genre
    // "Genre-(i mod 3)"; items 0, 4, 8, ... also have "Extra".
    private static ServingModel Model(int users = 4, int items = 24) =>
        new(ModelPackages.WithGenres(ModelPackages.Small("v1", users, items, factors: 3, seed: 11)), DateTimeOffset.UnixEpoch);

    private static ItemFilter Blocking(params string[] ids) => new(new HashSet<string>(ids, StringComparer.Ordinal), GenreFilter.None);

    private static ItemFilter Genres(string[] include, string[] exclude) => new(new HashSet<string>(StringComparer.Ordinal), new GenreFilter(include, exclude));

    private static string[] Ids(IReadOnlyList<RecommendedItem> items) => [.. items.Select(i => i.ItemId)];

    private static UserFeedback Likes(params string[] items) =>
        new(new HashSet<string>(StringComparer.Ordinal), items.ToDictionary(i => i, _ => 1f));

    /// <summary>Every strategy's answer for K items under <paramref name="filter"/>: als, mixed, fold-in, popularity, /popular, similar.</summary>
    private static Dictionary<string, string[]> EveryStrategy(ServingModel model, ItemFilter filter, int k)
    {
        var answers = new Dictionary<string, string[]>();
        foreach (RecommendationMode mode in new[] { RecommendationMode.Als, RecommendationMode.Mixed })
        {
            Recommendations known = RecommendationService.ForUser(model, "user-1", UserFeedback.None, new RecommendationQuery(k, mode) { Filter = filter });
            answers[known.Strategy] = Ids(known.Items);
        }

        Recommendations foldIn = RecommendationService.ForUser(model, "new-user", Likes("item-5", "item-6"), new RecommendationQuery(k) { Filter = filter });
        Recommendations cold = RecommendationService.ForUser(model, "stranger", UserFeedback.None, new RecommendationQuery(k) { Filter = filter });
        Assert.Equal(Recommendations.FoldIn, foldIn.Strategy);
        Assert.Equal(Recommendations.Popularity, cold.Strategy);
        answers[foldIn.Strategy] = Ids(foldIn.Items);
        answers[cold.Strategy] = Ids(cold.Items);
        answers["popular"] = Ids(RecommendationService.Popular(model, k, filter));
        answers["similar"] = Ids(RecommendationService.SimilarTo(model, "item-3", k, SimilarItemsOptions.Default with { MinSupport = 0 }, filter)!);
        return answers;
    }

    [Fact]
    public void ABlockedItem_IsAbsentFromEveryStrategy_AndKStaysK()
    {
        ServingModel model = Model();
        Dictionary<string, string[]> open = EveryStrategy(model, ItemFilter.None, 8);
        string[] blocked = [.. open.Values.SelectMany(ids => ids.Take(2)).Distinct()];

        Dictionary<string, string[]> filtered = EveryStrategy(model, Blocking(blocked), 8);

        Assert.Equal(6, filtered.Count);
        foreach (var (strategy, ids) in filtered)
        {
            Assert.True(ids.Length == 8, $"{strategy} answered {ids.Length} items, not 8");
            Assert.True(!ids.Intersect(blocked).Any(), $"{strategy} served a blocked item: {string.Join(", ", ids.Intersect(blocked))}");
        }
    }

    [Fact]
    public void ABlockedItem_IsMaskedOnEveryScoringPathThisCpuRuns()
    {
        ServingModel model = Model(items: 300);
        float[] user = model.Package.Factors.User(0).ToArray();
        var open = new ScoredItem[10];
        RecommendationEngine.Recommend(model, user, [], [], null, open, ScoringPath.Exact);
        int[] blocked = Blocking([.. open.Take(3).Select(s => model.Package.Items[s.Item])]).ExcludedIndices(model, []);

        foreach (ScoringPath path in Enum.GetValues<ScoringPath>().Where(ScoringPaths.IsSupported))
        {
            var results = new ScoredItem[10];
            int written = RecommendationEngine.Recommend(model, user, [], blocked, null, results, path);

            Assert.Equal(10, written);
            Assert.DoesNotContain(results, r => blocked.Contains(r.Item));
            Assert.Equal(open.Skip(3).Select(r => r.Item), results.Take(7).Select(r => r.Item));
        }
    }

    [Fact]
    public void ABlockedIdTheModelDoesNotKnow_ChangesNothing()
    {
        ServingModel model = Model();

        Dictionary<string, string[]> open = EveryStrategy(model, ItemFilter.None, 5);
        Dictionary<string, string[]> filtered = EveryStrategy(model, Blocking("item-from-a-later-model"), 5);

        Assert.Equal(open, filtered);
    }

    [Fact]
    public void IncludeGenres_KeepsOnlyItemsWithOneOfThem_InAnyLetterCase_AndKStaysK()
    {
        ServingModel model = Model();

        Dictionary<string, string[]> filtered = EveryStrategy(model, Genres(["genre-1", "EXTRA"], []), 6);

        foreach (var (strategy, ids) in filtered)
        {
            Assert.True(ids.Length == 6, $"{strategy} answered {ids.Length} items, not 6");
            Assert.All(ids, id => Assert.True(Index(id) % 3 == 1 || Index(id) % 4 == 0, $"{strategy} served {id}"));
        }
    }

    [Fact]
    public void ExcludeGenres_DropsEveryItemWithOneOfThem_EvenWhenAlsoIncluded()
    {
        ServingModel model = Model();

        Dictionary<string, string[]> filtered = EveryStrategy(model, Genres(["Genre-0", "Genre-1"], ["Extra"]), 5);

        foreach (var (strategy, ids) in filtered)
        {
            Assert.True(ids.Length == 5, $"{strategy} answered {ids.Length} items, not 5");
            Assert.All(ids, id => Assert.True(Index(id) % 3 != 2 && Index(id) % 4 != 0, $"{strategy} served {id}"));
        }
    }

    [Fact]
    public void AFilterThatLeavesFewerThanKItems_AnswersWhatRemains()
    {
        ServingModel model = Model(items: 12);

        // Genre-2 and not Extra: items 2, 5, 11 (8 has Extra).
        IReadOnlyList<RecommendedItem> popular = RecommendationService.Popular(model, 10, Genres(["Genre-2"], ["extra"]));

        Assert.Equal(["item-2", "item-5", "item-11"], Ids(popular));
    }

    [Fact]
    public void RecommendedItems_CarryTheirGenres_AndAModelWithoutGenresGivesEmptyLists()
    {
        ServingModel model = Model();
        ServingModel plain = new(ModelPackages.Small("v0", 4, 24, factors: 3, seed: 11), DateTimeOffset.UnixEpoch);

        RecommendedItem first = RecommendationService.Popular(model, 1)[0];
        RecommendedItem bare = RecommendationService.Popular(plain, 1)[0];

        Assert.Equal("item-0", first.ItemId);
        Assert.Equal(["Genre-0", "Extra"], first.Genres);
        Assert.Empty(bare.Genres);
    }

    [Fact]
    public void AnIncludeFilter_OnAModelWithoutGenres_MatchesNothing()
    {
        ServingModel plain = new(ModelPackages.Small("v0", 4, 24, factors: 3, seed: 11), DateTimeOffset.UnixEpoch);

        Assert.Empty(RecommendationService.Popular(plain, 5, Genres(["Genre-0"], [])));
        Assert.Equal(5, RecommendationService.Popular(plain, 5, Genres([], ["Genre-0"])).Count);
    }

    [Fact]
    public void AModelWithMoreThan64Genres_IsFilteredAlike()
    {
        ModelPackage p = ModelPackages.Small("v1", 4, 140, factors: 3, seed: 11);
        string[][] genres = [.. Enumerable.Range(0, 140).Select(i => new[] { "G" + (i % 70), i % 2 == 0 ? "Even" : "Odd" })];
        ServingModel model = new(new ModelPackage(p.Manifest, p.Factors, p.Users, p.Items, p.SeenItems, p.Popularity, p.Titles) { Genres = new ItemGenres(genres) }, DateTimeOffset.UnixEpoch);

        IReadOnlyList<RecommendedItem> popular = RecommendationService.Popular(model, 10, Genres(["g5", "G8"], ["even"]));

        Assert.Null(model.Package.Genres!.Masks);
        Assert.Equal(["item-5", "item-75"], Ids(popular));
    }

    [Fact]
    public void ExcludedIndices_AppendTheUsersOwnExclusions()
    {
        ServingModel model = Model();

        int[] indices = Blocking("item-2", "nowhere").ExcludedIndices(model, [7, 9]);

        Assert.Equal([2, 7, 9], indices);
    }

    private static int Index(string itemId) => int.Parse(itemId["item-".Length..], System.Globalization.CultureInfo.InvariantCulture);
}
