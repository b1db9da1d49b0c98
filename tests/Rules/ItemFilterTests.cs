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
        using ResolvedItemFilter resolved = Blocking([.. open.Take(3).Select(s => model.Package.Items[s.Item])]).Resolve(model, []);
        int[] blocked = [.. resolved.Indices];

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

        Assert.Equal(["item-5", "item-75"], Ids(popular));
    }

    [Fact]
    public void ResolvedIndices_AppendTheUsersOwnExclusions()
    {
        ServingModel model = Model();

        using ResolvedItemFilter resolved = Blocking("item-2", "nowhere").Resolve(model, [7, 9]);

        Assert.Equal([2, 7, 9], resolved.Indices);
    }

    [Fact]
    public void GenreFilters_RemoveExactlyWhatAnItemByItemTestRemoves_OnEveryPathAndStrategy()
    {
        // 700 items over 90 genres: a few large genres (kept as bit sets) and many small ones (kept as index lists),
        // items with none, one or several genres.
        const int items = 700;
        var random = new Random(5);
        ModelPackage p = ModelPackages.Small("v1", 6, items, factors: 4, seed: 3);
        string[][] genres = new string[items][];
        for (int i = 0; i < items; i++)
        {
            int count = random.Next(0, 4);
            genres[i] = [.. Enumerable.Range(0, count).Select(_ => random.Next(4) == 0 ? "Big-" + random.Next(3) : "Small-" + random.Next(87)).Distinct()];
        }

        ServingModel model = new(new ModelPackage(p.Manifest, p.Factors, p.Users, p.Items, p.SeenItems, p.Popularity, p.Titles) { Genres = new ItemGenres(genres) }, DateTimeOffset.UnixEpoch);
        string[][] filters =
        [
            ["Big-0"], [], ["small-4", "SMALL-50"], ["Big-1"], ["Big-2", "Small-3"], ["Big-0", "Small-9"], ["no-such-genre"], [],
            [], ["Big-1", "no-such-genre"], ["Small-1"], [], ["no-such-genre"], ["Big-2"],
        ];

        for (int f = 0; f + 1 < filters.Length; f += 2)
        {
            string[] include = filters[f];
            string[] exclude = filters[f + 1];
            ItemFilter filter = Genres(include, exclude);
            bool Kept(int item) =>
                (include.Length == 0 || genres[item].Any(g => include.Contains(g, StringComparer.OrdinalIgnoreCase)))
                && !genres[item].Any(g => exclude.Contains(g, StringComparer.OrdinalIgnoreCase));
            string label = $"include [{string.Join(",", include)}] exclude [{string.Join(",", exclude)}]";

            string[] expectedPopular = [.. model.PopularityOrder.Where(Kept).Select(i => model.Package.Items[i])];
            Assert.True(expectedPopular.SequenceEqual(Ids(RecommendationService.Popular(model, items, filter))), label);

            float[] user = model.Package.Factors.User(2).ToArray();
            int[] seen = model.Package.SeenItems.RowColumns(2).ToArray();
            using ResolvedItemFilter resolved = filter.Resolve(model, []);
            int[] kept = [.. Enumerable.Range(0, items).Where(i => Kept(i) && !seen.Contains(i))];
            foreach (ScoringPath path in Enum.GetValues<ScoringPath>().Where(ScoringPaths.IsSupported))
            {
                var results = new ScoredItem[items];
                int written = RecommendationEngine.Recommend(model, user, seen, resolved.Items, null, results, path);
                Assert.True(kept.SequenceEqual(results.Take(written).Select(r => r.Item).Order()), $"{label} on {path}");
            }

            var similar = new ScoredItem[items];
            int similarCount = RecommendationEngine.Similar(model, 0, similar, SimilarItemsOptions.PlainCosine, resolved.Items);
            int[] keptSimilar = [.. Enumerable.Range(1, items - 1).Where(i => Kept(i) && model.ItemNorms[i] > 0)];
            Assert.True(keptSimilar.SequenceEqual(similar.Take(similarCount).Select(r => r.Item).Order()), $"{label} (similar)");
        }
    }

    [Fact]
    public void AGenreFilter_AllocatesNothingProportionalToTheCatalogue_PerRequest()
    {
        // 27,000 items of 12 genres: an include filter removes 24,750 of them, which a list of indices would hold in
        // about 100 KB. The request takes its bits from the pool: what it allocates is a small object and an empty list.
        const int items = 27_000;
        ModelPackage p = ServingBenchmark.RandomModel(50, items, 16, seed: 2).Package;
        string[][] genres = [.. Enumerable.Range(0, items).Select(i => new[] { "Genre-" + (i % 12) })];
        ServingModel model = new(new ModelPackage(p.Manifest, p.Factors, p.Users, p.Items, p.SeenItems, p.Popularity, p.Titles) { Genres = new ItemGenres(genres) }, DateTimeOffset.UnixEpoch);
        ItemFilter filter = Genres(["Genre-3"], ["Genre-4"]);
        var results = new ScoredItem[10];
        float[] user = model.Package.Factors.User(1).ToArray();
        for (int n = 0; n < 20; n++)
        {
            using ResolvedItemFilter warm = filter.Resolve(model, []);
            RecommendationEngine.Recommend(model, user, [], warm.Items, null, results);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 100; n++)
        {
            using ResolvedItemFilter resolved = filter.Resolve(model, []);
            RecommendationEngine.Recommend(model, user, [], resolved.Items, null, results);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 100 * 256, $"100 filtered requests allocated {allocated} bytes.");
        Assert.All(results, r => Assert.Equal(3, r.Item % 12));
    }

    private static int Index(string itemId) => int.Parse(itemId["item-".Length..], System.Globalization.CultureInfo.InvariantCulture);
}
