using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Recommender.Core.Serving;

namespace Recommender.Core.Data;

/// <summary>
/// Writes a seeded synthetic data set in MovieLens format (<c>ratings.csv</c>, <c>movies.csv</c>) with planted
/// low-rank taste, a long tail of item popularity, skewed user activity and increasing timestamps per user.
/// </summary>
/// <remarks>
/// Each of the 12 genres is one taste axis. Items point mostly along their genre (plus noise, sometimes a second
/// genre); users like one to three genres. A user's items are drawn without replacement with probability
/// proportional to <c>rank^-PopularitySkew * exp(TasteStrength * affinity)</c> (Gumbel top-k over a random popularity ranking), so popularity alone explains
/// part of the choices and taste the rest. Ratings grow with the user's relative affinity for the item.
/// Cost is O(users x items) time, O(items) memory per user.
/// </remarks>
public static class SyntheticDataGenerator
{
    /// <summary>Name of the ratings file written.</summary>
    public const string RatingsFileName = "ratings.csv";

    /// <summary>Name of the catalogue file written.</summary>
    public const string MoviesFileName = "movies.csv";

    private const float ItemNoise = 0.3f;
    private const float UserNoise = 0.2f;
    private const long FirstTimestamp = 1_104_537_600; // 2005-01-01T00:00:00Z
    private const long StartSpreadSeconds = 4L * 365 * 86_400;
    private const double MeanGapSeconds = 3 * 3_600;

    private static readonly string[] _genres =
        ["Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Horror", "Romance", "Sci-Fi", "Thriller"];

    private static int Dimensions => _genres.Length;

    /// <summary>Writes ratings.csv and movies.csv into <paramref name="folder"/> (created if needed, files replaced).</summary>
    public static SyntheticDataSet Generate(string folder, SyntheticDataOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= new SyntheticDataOptions();
        options.Validate();
        Directory.CreateDirectory(folder);

        var random = new Random(options.Seed);
        var primaryGenre = new int[options.Items];
        var secondaryGenre = new int[options.Items];
        float[] itemVectors = CreateItemVectors(random, primaryGenre, secondaryGenre);
        float[] logPopularity = CreateLogPopularity(random, options.Items, options.PopularitySkew);
        int[] activity = CreateActivity(random, options);

        string ratingsPath = Path.Combine(folder, RatingsFileName);
        WriteRatings(ratingsPath, random, options, itemVectors, logPopularity, activity, cancellationToken);
        string moviesPath = Path.Combine(folder, MoviesFileName);
        WriteMovies(moviesPath, random, primaryGenre, secondaryGenre);
        return new SyntheticDataSet(ratingsPath, moviesPath, options.Users, options.Items, options.Interactions);
    }

    private static float[] CreateItemVectors(Random random, int[] primaryGenre, int[] secondaryGenre)
    {
        int items = primaryGenre.Length;
        var vectors = new float[items * Dimensions];
        for (int i = 0; i < items; i++)
        {
            Span<float> v = vectors.AsSpan(i * Dimensions, Dimensions);
            for (int d = 0; d < Dimensions; d++)
            {
                v[d] = ItemNoise * Gaussian(random);
            }

            int genre = random.Next(Dimensions);
            primaryGenre[i] = genre;
            v[genre] += 1f;
            secondaryGenre[i] = -1;
            if (random.NextDouble() < 0.3)
            {
                int second = (genre + 1 + random.Next(Dimensions - 1)) % Dimensions;
                secondaryGenre[i] = second;
                v[second] += 0.5f;
            }
        }

        return vectors;
    }

    /// <summary>Zipf-like popularity over a random ranking, so item ids carry no popularity order.</summary>
    private static float[] CreateLogPopularity(Random random, int items, double skew)
    {
        var ranks = new int[items];
        for (int i = 0; i < items; i++)
        {
            ranks[i] = i;
        }

        random.Shuffle(ranks);
        var logPopularity = new float[items];
        for (int i = 0; i < items; i++)
        {
            logPopularity[i] = (float)(-skew * Math.Log(ranks[i] + 1));
        }

        return logPopularity;
    }

    /// <summary>Log-normal activity: every user gets the minimum, the rest is shared by weight, capped at half the catalogue.</summary>
    private static int[] CreateActivity(Random random, SyntheticDataOptions options)
    {
        int users = options.Users;
        int cap = options.Items / 2;
        var weights = new double[users];
        double total = 0;
        for (int u = 0; u < users; u++)
        {
            weights[u] = Math.Exp(1.1 * Gaussian(random));
            total += weights[u];
        }

        long spare = options.Interactions - ((long)users * SyntheticDataOptions.MinInteractionsPerUser);
        var counts = new int[users];
        long assigned = 0;
        for (int u = 0; u < users; u++)
        {
            long share = (long)Math.Floor(weights[u] / total * spare);
            counts[u] = (int)Math.Min(cap, SyntheticDataOptions.MinInteractionsPerUser + share);
            assigned += counts[u];
        }

        // Hand out what rounding and the cap left over, one at a time round-robin from a random user.
        int next = random.Next(users);
        while (assigned < options.Interactions)
        {
            if (counts[next] < cap)
            {
                counts[next]++;
                assigned++;
            }

            next = (next + 1) % users;
        }

        return counts;
    }

    private static void WriteRatings(
        string path, Random random, SyntheticDataOptions options, float[] itemVectors, float[] logPopularity, int[] activity, CancellationToken cancellationToken)
    {
        int items = options.Items;
        var userVector = new float[Dimensions];
        var affinity = new float[items];
        var keys = new float[items];
        var chosen = new int[items / 2];
        float tasteStrength = (float)options.TasteStrength;
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.Write("userId,movieId,rating,timestamp\n");
        for (int u = 0; u < options.Users; u++)
        {
            if ((u & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            FillUserVector(random, userVector);
            for (int i = 0; i < items; i++)
            {
                affinity[i] = TensorPrimitives.Dot(userVector, itemVectors.AsSpan(i * Dimensions, Dimensions));
                keys[i] = logPopularity[i] + (tasteStrength * affinity[i]) + Gumbel(random);
            }

            // The largest Gumbel-perturbed log weights are a weighted sample without replacement.
            Span<int> picked = chosen.AsSpan(0, activity[u]);
            int count = TopKSelector.Select(keys, picked);
            picked = picked[..count];
            double mean = 0;
            foreach (int i in picked)
            {
                mean += affinity[i];
            }

            mean /= count;
            double variance = 0;
            foreach (int i in picked)
            {
                variance += (affinity[i] - mean) * (affinity[i] - mean);
            }

            double deviation = Math.Sqrt(variance / count) + 1e-6;
            double bias = 0.35 * Gaussian(random);
            random.Shuffle(picked);
            long time = FirstTimestamp + random.NextInt64(StartSpreadSeconds);
            foreach (int i in picked)
            {
                time += 1 + (long)(-Math.Log(1 - random.NextDouble()) * MeanGapSeconds);
                double raw = 3.4 + (0.9 * (affinity[i] - mean) / deviation) + bias + (0.5 * Gaussian(random));
                double rating = Math.Clamp(Math.Round(raw * 2, MidpointRounding.AwayFromZero) / 2, 0.5, 5.0);
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{u + 1},{i + 1},{rating:0.0},{time}\n"));
            }
        }
    }

    private static void FillUserVector(Random random, Span<float> vector)
    {
        for (int d = 0; d < vector.Length; d++)
        {
            vector[d] = UserNoise * Gaussian(random);
        }

        int favourites = 1 + random.Next(3);
        for (int f = 0; f < favourites; f++)
        {
            vector[random.Next(Dimensions)] += f == 0 ? 1f : 0.6f;
        }
    }

    private static void WriteMovies(string path, Random random, int[] primaryGenre, int[] secondaryGenre)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.Write("movieId,title,genres\n");
        for (int i = 0; i < primaryGenre.Length; i++)
        {
            int id = i + 1;
            int year = random.Next(1950, 2021);

            // Every seventh title takes MovieLens' trailing-article form, whose comma forces CSV quoting.
            string title = i % 7 == 3
                ? string.Create(CultureInfo.InvariantCulture, $"\"Synthetic Movie {id}, The ({year})\"")
                : string.Create(CultureInfo.InvariantCulture, $"Synthetic Movie {id} ({year})");
            string genres = secondaryGenre[i] < 0 ? _genres[primaryGenre[i]] : _genres[primaryGenre[i]] + "|" + _genres[secondaryGenre[i]];
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{id},{title},{genres}\n"));
        }
    }

    /// <summary>Standard normal sample (Box-Muller).</summary>
    private static float Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>Standard Gumbel sample.</summary>
    private static float Gumbel(Random random)
    {
        double u = (random.NextDouble() * (1 - 2e-12)) + 1e-12;
        return (float)-Math.Log(-Math.Log(u));
    }
}
