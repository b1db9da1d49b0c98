using Recommender.Core.Als;
using Recommender.Core.Data;
using Recommender.Core.Evaluation;
using Recommender.Core.Popularity;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Data;

public class SyntheticDataGeneratorTests
{
    private static readonly SyntheticDataOptions _small = new() { Users = 300, Items = 200, Interactions = 9_000, Seed = 11 };

    [Fact]
    public void Generate_WithTheSameSeed_WritesIdenticalFiles()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        using var other = new TempDirectory();

        var a = SyntheticDataGenerator.Generate(first.Path, _small);
        var b = SyntheticDataGenerator.Generate(second.Path, _small);
        var c = SyntheticDataGenerator.Generate(other.Path, _small with { Seed = 12 });

        Assert.Equal(File.ReadAllBytes(a.RatingsPath), File.ReadAllBytes(b.RatingsPath));
        Assert.Equal(File.ReadAllBytes(a.MoviesPath), File.ReadAllBytes(b.MoviesPath));
        Assert.NotEqual(File.ReadAllBytes(a.RatingsPath), File.ReadAllBytes(c.RatingsPath));
    }

    [Fact]
    public void Generate_WritesFilesThatLoadWithoutRejects()
    {
        using var folder = new TempDirectory();

        var set = SyntheticDataGenerator.Generate(folder.Path, _small);
        var table = RatingsLoader.Load(set.RatingsPath, new RatingsLoadOptions { MaxRejectRate = 0 });
        var catalog = ItemCatalog.Load(set.MoviesPath, maxRejectRate: 0);

        Assert.Equal(_small.Interactions, table.Count);
        Assert.Equal(0, table.Report.DuplicatesMerged);
        Assert.Equal(_small.Users, table.Users.Count);
        Assert.Equal(_small.Items, catalog.Count);
        Assert.True(catalog.TryGetTitle("4", out string title));
        Assert.Matches(@"^Synthetic Movie 4, The \(\d{4}\)$", title);
        Assert.True(catalog.TryGetTitle("17", out title));
        Assert.Matches(@"^Synthetic Movie 17 \(\d{4}\)$", title);
        foreach (float value in table.Values)
        {
            Assert.InRange(value, 0.5f, 5f);
            Assert.Equal(0f, (value * 2) % 1);
        }
    }

    [Fact]
    public void Generate_GivesEachUserIncreasingTimestampsAndSkewedActivity()
    {
        using var folder = new TempDirectory();
        var table = RatingsLoader.Load(SyntheticDataGenerator.Generate(folder.Path, _small).RatingsPath);

        var perUser = new int[table.Users.Count];
        for (int row = 0; row < table.Count; row++)
        {
            perUser[table.UserIndices[row]]++;
            if (row > 0 && table.UserIndices[row] == table.UserIndices[row - 1])
            {
                Assert.True(table.Timestamps[row] > table.Timestamps[row - 1], $"Row {row} is not later than the row before.");
            }
        }

        Array.Sort(perUser);
        Assert.True(perUser[0] >= SyntheticDataOptions.MinInteractionsPerUser);
        Assert.True(perUser[^1] > 4 * perUser[perUser.Length / 2], "The most active user should far exceed the median user.");
    }

    [Fact]
    public void Generate_WithDefaults_HasALongTailOfItemPopularity()
    {
        using var folder = new TempDirectory();
        var table = RatingsLoader.Load(SyntheticDataGenerator.Generate(folder.Path).RatingsPath);

        var counts = new int[table.Items.Count];
        foreach (int item in table.ItemIndices)
        {
            counts[item]++;
        }

        Array.Sort(counts);
        Array.Reverse(counts);
        long top10Percent = counts.Take(counts.Length / 10).Sum();
        long bottomHalf = counts.Skip(counts.Length / 2).Sum();

        // Uniform popularity would give 10% and 50%; the 10% most popular items draw far more, the less popular half far less.
        Assert.True(top10Percent > 0.4 * table.Count, $"Top 10% of items hold {top10Percent} of {table.Count}; bottom half {bottomHalf}.");
        Assert.True(bottomHalf < 0.2 * table.Count, $"Bottom half of items hold {bottomHalf} of {table.Count}; top 10% {top10Percent}.");
    }

    [Fact]
    public void Generate_PlantsTasteThatAPersonalisedScorerExploitsBetterThanPopularity()
    {
        using var folder = new TempDirectory();
        var options = new SyntheticDataOptions { Users = 800, Items = 600, Interactions = 32_000, Seed = 5 };
        var table = RatingsLoader.Load(SyntheticDataGenerator.Generate(folder.Path, options).RatingsPath);
        var split = new LeaveLastOutSplit().Split(table);
        CsrMatrix seen = table.ToUserItemMatrix(split.TrainRows, 1f);
        var heldOut = HeldOutSet.FromRows(table, split.TestRows);
        CsrMatrix positives = table.ToUserItemMatrix(table.RowsWithValueAtLeast(split.TrainRows, 4f), 1f);

        var popularity = Evaluator.Evaluate(PopularityModel.Build(table, split.TrainRows), seen, heldOut, [10]);
        var itemKnn = Evaluator.Evaluate(new ItemCosineScorer(positives), seen, heldOut, [10]);

        Assert.True(heldOut.Users.Count > 700);
        Assert.True(
            itemKnn.Metrics["ndcg@10"] > 1.5 * popularity.Metrics["ndcg@10"],
            $"item-kNN ndcg@10 {itemKnn.Metrics["ndcg@10"]:F4} vs popularity {popularity.Metrics["ndcg@10"]:F4}");
    }

    /// <summary>A minimal item-kNN scorer (cosine over co-occurring positives), standing in for a learned model.</summary>
    private sealed class ItemCosineScorer : IItemScorer
    {
        private readonly CsrMatrix _userItems;
        private readonly float[] _similarity;

        public ItemCosineScorer(CsrMatrix userItems)
        {
            _userItems = userItems;
            int items = userItems.Columns;
            _similarity = new float[items * items];
            var degree = new float[items];
            for (int u = 0; u < userItems.Rows; u++)
            {
                ReadOnlySpan<int> row = userItems.RowColumns(u);
                foreach (int i in row)
                {
                    degree[i]++;
                    foreach (int j in row)
                    {
                        _similarity[(i * items) + j]++;
                    }
                }
            }

            for (int i = 0; i < items; i++)
            {
                for (int j = 0; j < items; j++)
                {
                    float norm = MathF.Sqrt(degree[i] * degree[j]);
                    _similarity[(i * items) + j] = i == j || norm == 0 ? 0 : _similarity[(i * items) + j] / norm;
                }
            }
        }

        public int ItemCount => _userItems.Columns;

        public bool TryScore(int user, Span<float> scores)
        {
            scores.Clear();
            foreach (int j in _userItems.RowColumns(user))
            {
                ReadOnlySpan<float> similar = _similarity.AsSpan(j * ItemCount, ItemCount);
                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i] += similar[i];
                }
            }

            return true;
        }
    }
}
