using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Parquet;

namespace Recommender.Core.Data;

/// <summary>
/// Times writing a seeded synthetic training set as <c>interactions.parquet</c> with each candidate compression, all
/// in one run, and prints seconds (median of the repeats) and bytes per choice as one JSON object.
/// </summary>
public static class ParquetWriteBenchmark
{
    private static readonly (string Name, CompressionMethod Method, CompressionLevel Level)[] _choices =
    [
        ("none", CompressionMethod.None, CompressionLevel.Fastest),
        ("snappy", CompressionMethod.Snappy, CompressionLevel.Fastest),
        ("zstd-fastest", CompressionMethod.Zstd, CompressionLevel.Fastest),
        ("zstd-smallest", CompressionMethod.Zstd, CompressionLevel.SmallestSize),
    ];

    public static string Run(int rows, int users, int items, int repeats, int seed, bool includeSmallest)
    {
        InteractionTable table = Synthetic(rows, users, items, seed);
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\"rows\":{rows},\"users\":{users},\"items\":{items},\"repeats\":{repeats},\"default\":\"{InteractionsParquet.Compression.ToString().ToLowerInvariant()}-fastest\",\"results\":[");
        bool first = true;
        foreach (var (name, method, level) in _choices)
        {
            if (level == CompressionLevel.SmallestSize && !includeSmallest)
            {
                continue;
            }

            long bytes = Write(table, method, level).Length; // warm-up, and the size
            var seconds = new List<double>(repeats);
            for (int r = 0; r < repeats; r++)
            {
                var watch = Stopwatch.StartNew();
                Write(table, method, level);
                seconds.Add(watch.Elapsed.TotalSeconds);
            }

            seconds.Sort();
            json.Append(CultureInfo.InvariantCulture, $"{(first ? string.Empty : ",")}{{\"compression\":\"{name}\",\"medianSeconds\":{seconds[seconds.Count / 2]:G4},\"bytes\":{bytes}}}");
            first = false;
        }

        return json.Append("]}").ToString();
    }

    private static MemoryStream Write(InteractionTable table, CompressionMethod method, CompressionLevel level)
    {
        var buffer = new MemoryStream();
        InteractionsParquet.WriteAsync(table, buffer, method, level).GetAwaiter().GetResult();
        return buffer;
    }

    // Users in file order with a few rows each, items uniform, half-star values and increasing times, like a ratings export.
    private static InteractionTable Synthetic(int rows, int users, int items, int seed)
    {
        var random = new Random(seed);
        var userIds = new IdMap();
        var itemIds = new IdMap();
        for (int u = 0; u < users; u++)
        {
            userIds.GetOrAdd(u.ToString(CultureInfo.InvariantCulture));
        }

        for (int i = 0; i < items; i++)
        {
            itemIds.GetOrAdd(i.ToString(CultureInfo.InvariantCulture));
        }

        var userIndices = new int[rows];
        var itemIndices = new int[rows];
        var values = new float[rows];
        var timestamps = new long[rows];
        for (int r = 0; r < rows; r++)
        {
            userIndices[r] = (int)((long)r * users / rows);
            itemIndices[r] = random.Next(items);
            values[r] = random.Next(1, 11) / 2f;
            timestamps[r] = 1_500_000_000L + r;
        }

        return new InteractionTable(userIds, itemIds, userIndices, itemIndices, values, timestamps, new RejectReport("synthetic"));
    }
}
