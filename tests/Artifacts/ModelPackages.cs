using Recommender.Core.Als;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;

namespace Recommender.Tests.Artifacts;

/// <summary>Small hand-made model packages for artifact and serving tests.</summary>
internal static class ModelPackages
{
    public static ModelPackage Small(string version, int users = 3, int items = 4, int factors = 2, int seed = 1)
    {
        var random = new Random(seed);
        var userFactors = new float[users * factors];
        var itemFactors = new float[items * factors];
        for (int i = 0; i < userFactors.Length; i++)
        {
            userFactors[i] = (float)random.NextDouble();
        }

        for (int i = 0; i < itemFactors.Length; i++)
        {
            itemFactors[i] = (float)random.NextDouble();
        }

        var userIds = new string[users];
        for (int u = 0; u < users; u++)
        {
            userIds[u] = "user-" + u;
        }

        var itemIds = new string[items];
        var titles = new string[items];
        var popularity = new float[items];
        for (int i = 0; i < items; i++)
        {
            itemIds[i] = "item-" + i;
            titles[i] = i == 0 ? string.Empty : $"Title, number {i}";
            popularity[i] = items - i;
        }

        // User u has seen item u (mod items).
        var rows = new int[users];
        var cols = new int[users];
        var vals = new float[users];
        for (int u = 0; u < users; u++)
        {
            rows[u] = u;
            cols[u] = u % items;
            vals[u] = 1f;
        }

        var seen = CsrMatrix.FromCoordinates(users, items, rows, cols, vals);
        var manifest = new ModelManifest
        {
            Version = version,
            CreatedAt = new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero),
            GitCommit = "abc123",
            Dataset = new DatasetInfo { Path = "ratings.csv", Sha256 = "00", Rows = users, RejectedRows = new Dictionary<string, long>(), Users = users, Items = items, Positives = users },
            Hyperparameters = new HyperparameterInfo { Factors = factors, Iterations = 1, Regularization = 0.05f, Alpha = 1, Confidence = "linear", Epsilon = 1, CgSteps = 3, Solver = "cg", Seed = seed, Threads = 1 },
            Split = new SplitInfo { Protocol = "leave-last-out", MinRating = 4, TrainInteractions = users, TestUsers = 0, K = [10] },
            Metrics = new Dictionary<string, double> { ["ndcg@10"] = 0.1 },
            Baseline = new BaselineInfo { Popularity = new Dictionary<string, double> { ["ndcg@10"] = 0.05 } },
            Timings = new TimingInfo { Load = 0, Fit = 0, SecondsPerIteration = 0, Evaluate = 0 },
            Device = new DeviceSummary("cpu", "test", "test", 1),
            Artifacts = [],
        };
        return new ModelPackage(manifest, new AlsFactors(users, items, factors, userFactors, itemFactors), IdMap.FromIds(userIds), IdMap.FromIds(itemIds), seen, popularity, titles);
    }

    /// <summary>The same package with genres: item i has "Genre-(i mod 3)", and every fourth item also "Extra" (item-0 too).</summary>
    public static ModelPackage WithGenres(ModelPackage package)
    {
        var genres = new string[package.Items.Count][];
        for (int i = 0; i < genres.Length; i++)
        {
            genres[i] = i % 4 == 0 ? ["Genre-" + (i % 3), "Extra"] : ["Genre-" + (i % 3)];
        }

        return new ModelPackage(package.Manifest, package.Factors, package.Users, package.Items, package.SeenItems, package.Popularity, package.Titles)
        {
            Genres = new ItemGenres(genres),
        };
    }
}
