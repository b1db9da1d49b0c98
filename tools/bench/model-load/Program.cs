using System.Diagnostics;
using System.Globalization;
using Recommender.Core.Als;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;
#if REST_STORE
using Recommender.Core.Storage;
#else
using Recommender.Core.AzureStorage;
#endif

// model-load publish CONNECTION CONTAINER VERSION USERS ITEMS FACTORS SEEN_PER_USER
// model-load load CONNECTION CONTAINER VERSION LOADS
//   publishes a seeded synthetic model, or loads it LOADS times after one warm-up load (every artifact's SHA-256
//   checked against the manifest) and prints one line per timed load: "load_seconds <s>".
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: model-load publish|load CONNECTION CONTAINER VERSION ...");
    return 2;
}

string connection = args[1];
string container = args[2];
string version = args[3];
#if REST_STORE
var repository = new ModelRepository(new BlobModelStore(new BlobStorageClient(StorageConnection.Parse(connection)), container));
#else
var repository = new ModelRepository(new BlobModelStore(StorageAccountSettings.FromConnectionString(connection).CreateBlobServiceClient(), container));
#endif

if (args[0] == "publish")
{
    int Arg(int index) => int.Parse(args[index], CultureInfo.InvariantCulture);
    ModelPackage package = Synthetic.Package(version, Arg(4), Arg(5), Arg(6), Arg(7));
    await repository.PublishAsync(package);
    Console.WriteLine($"published {version}: {package.Factors.Users} x {package.Factors.Items} x {package.Factors.Factors}, {package.SeenItems.NonZeros} seen");
    return 0;
}

int loads = int.Parse(args[4], CultureInfo.InvariantCulture);
await repository.LoadAsync(version);
for (int i = 0; i < loads; i++)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    long start = Stopwatch.GetTimestamp();
    ModelPackage loaded = await repository.LoadAsync(version);
    double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    GC.KeepAlive(loaded);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load_seconds {seconds:F4}"));
}

return 0;

/// <summary>A seeded synthetic model of the requested shape.</summary>
internal static class Synthetic
{
    public static ModelPackage Package(string version, int users, int items, int factors, int seenPerUser)
    {
        var random = new Random(42);
        float[] userFactors = Randoms(random, users * factors);
        float[] itemFactors = Randoms(random, items * factors);
        string[] userIds = Ids("u", users);
        string[] itemIds = Ids("i", items);
        var titles = new string[items];
        var popularity = new float[items];
        for (int i = 0; i < items; i++)
        {
            titles[i] = "Title " + i.ToString(CultureInfo.InvariantCulture);
            popularity[i] = items - i;
        }

        var rowPointers = new int[users + 1];
        var columns = new int[users * seenPerUser];
        var values = new float[columns.Length];
        for (int u = 0; u < users; u++)
        {
            rowPointers[u + 1] = rowPointers[u] + seenPerUser;
            int first = random.Next(items - seenPerUser);
            for (int k = 0; k < seenPerUser; k++)
            {
                columns[(u * seenPerUser) + k] = first + k;
                values[(u * seenPerUser) + k] = 1f;
            }
        }

        var manifest = new ModelManifest
        {
            Version = version,
            CreatedAt = DateTimeOffset.UtcNow,
            GitCommit = "bench",
            Dataset = new DatasetInfo { Path = "synthetic", Sha256 = "00", Rows = columns.Length, RejectedRows = new Dictionary<string, long>(), Users = users, Items = items, Positives = columns.Length },
            Hyperparameters = new HyperparameterInfo { Factors = factors, Iterations = 1, Regularization = 0.05f, Alpha = 1, Confidence = "linear", Epsilon = 1, CgSteps = 3, Solver = "cg", Seed = 42, Threads = 1 },
            Split = new SplitInfo { Protocol = "leave-last-out", MinRating = 4, TrainInteractions = columns.Length, TestUsers = 0, K = [10] },
            Metrics = new Dictionary<string, double> { ["ndcg@10"] = 0.1 },
            Baseline = new BaselineInfo { Popularity = new Dictionary<string, double> { ["ndcg@10"] = 0.05 } },
            Timings = new TimingInfo { Load = 0, Fit = 0, SecondsPerIteration = 0, Evaluate = 0 },
            Device = new DeviceSummary("cpu", "bench", "bench", 1),
            Artifacts = [],
        };
        var seen = new CsrMatrix(users, items, rowPointers, columns, values);
        return new ModelPackage(manifest, new AlsFactors(users, items, factors, userFactors, itemFactors), IdMap.FromIds(userIds), IdMap.FromIds(itemIds), seen, popularity, titles);
    }

    private static float[] Randoms(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)random.NextDouble();
        }

        return values;
    }

    private static string[] Ids(string prefix, int count)
    {
        var ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = prefix + i.ToString(CultureInfo.InvariantCulture);
        }

        return ids;
    }
}
