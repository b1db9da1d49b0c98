using Recommender.Core.Als;

namespace Recommender.Core.Data;

/// <summary>
/// Builds a seeded synthetic users x items interaction matrix whose user and item degrees follow power laws
/// (Zipf-like: the k-th most active user or popular item has weight k^-exponent), with distinct pairs and integer
/// values 1..5. Meant for benchmarks: it writes CSR directly, and the result is the same for a seed whatever the thread count.
/// </summary>
public static class PowerLawMatrixGenerator
{
    private const int BlockUsers = 2048;

    /// <summary>Generates the matrix; the nonzero count comes out close to <paramref name="interactions"/> (see <see cref="CsrMatrix.NonZeros"/>).</summary>
    public static CsrMatrix Generate(int users, int items, int interactions, int seed, double userExponent = 0.6, double itemExponent = 0.8, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(interactions);
        ArgumentOutOfRangeException.ThrowIfNegative(userExponent);
        ArgumentOutOfRangeException.ThrowIfNegative(itemExponent);

        // Heavy users are capped at a fraction of the catalogue, so drawing distinct popular-biased items stays cheap.
        int maxDegree = Math.Max(1, items / 8);
        if ((long)interactions > (long)users * maxDegree / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(interactions), $"{interactions} interactions are too many for {users} users x {items} items (at most {(long)users * maxDegree / 2}).");
        }

        var random = new Random(seed);
        int[] degrees = UserDegrees(users, interactions, maxDegree, userExponent, random);
        double[] itemCdf = ItemCdf(items, itemExponent, random);

        var pointers = new int[users + 1];
        for (int u = 0; u < users; u++)
        {
            pointers[u + 1] = checked(pointers[u] + degrees[u]);
        }

        var columns = new int[pointers[users]];
        var values = new float[pointers[users]];
        var filled = new int[users];
        int blocks = (users + BlockUsers - 1) / BlockUsers;
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, blocks, parallelOptions, block =>
        {
            // Each block draws from its own stream derived from the seed (HashCode is randomised per process, so not that),
            // so the output does not depend on scheduling.
            var blockRandom = new Random(unchecked((seed * 1_000_003) ^ ((block * 7_919) + 0x5eed)));
            var lastUserOf = new int[items];
            int end = Math.Min(users, (block + 1) * BlockUsers);
            for (int u = block * BlockUsers; u < end; u++)
            {
                filled[u] = FillUser(u, pointers[u], degrees[u], itemCdf, lastUserOf, columns, values, blockRandom);
                Array.Sort(columns, values, pointers[u], filled[u]);
            }
        });

        return Compact(users, items, pointers, filled, columns, values);
    }

    /// <summary>Draws distinct items for one user; gives up after a bounded number of repeats (the degree then falls short).</summary>
    private static int FillUser(int user, int start, int degree, double[] itemCdf, int[] lastUserOf, int[] columns, float[] values, Random random)
    {
        int count = 0;
        int attempts = (16 * degree) + 64;
        int mark = user + 1;
        while (count < degree && attempts-- > 0)
        {
            int item = Draw(itemCdf, random.NextDouble());
            if (lastUserOf[item] == mark)
            {
                continue;
            }

            lastUserOf[item] = mark;
            columns[start + count] = item;
            values[start + count] = 1 + random.Next(5);
            count++;
        }

        return count;
    }

    private static int Draw(double[] cdf, double x)
    {
        int index = Array.BinarySearch(cdf, x);
        index = index >= 0 ? index + 1 : ~index;
        return Math.Min(index, cdf.Length - 1);
    }

    private static int[] UserDegrees(int users, int interactions, int maxDegree, double exponent, Random random)
    {
        int[] rank = Permutation(users, random);
        var weights = new double[users];
        for (int u = 0; u < users; u++)
        {
            weights[u] = Math.Pow(rank[u] + 1, -exponent);
        }

        // Find the scale whose capped degrees add up to the requested total (bisection; the sum grows with the scale).
        double low = 0d;
        double high = ((double)interactions / Math.Pow(users, -exponent)) + 1d;
        for (int step = 0; step < 100; step++)
        {
            double mid = (low + high) / 2;
            if (CappedSum(weights, mid, maxDegree) < interactions)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        var degrees = new int[users];
        for (int u = 0; u < users; u++)
        {
            double d = Math.Clamp(weights[u] * high, 1d, maxDegree);
            int whole = (int)d;
            degrees[u] = whole + (random.NextDouble() < d - whole ? 1 : 0);
        }

        return degrees;
    }

    private static double CappedSum(double[] weights, double scale, int maxDegree)
    {
        double sum = 0d;
        foreach (double w in weights)
        {
            sum += Math.Clamp(w * scale, 1d, maxDegree);
        }

        return sum;
    }

    /// <summary>Cumulative item probabilities (normalised to 1) with popularity ranks shuffled over the item indices.</summary>
    private static double[] ItemCdf(int items, double exponent, Random random)
    {
        int[] rank = Permutation(items, random);
        var cdf = new double[items];
        double sum = 0d;
        for (int i = 0; i < items; i++)
        {
            sum += Math.Pow(rank[i] + 1, -exponent);
            cdf[i] = sum;
        }

        for (int i = 0; i < items; i++)
        {
            cdf[i] /= sum;
        }

        return cdf;
    }

    private static int[] Permutation(int count, Random random)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        random.Shuffle(order);
        return order;
    }

    private static CsrMatrix Compact(int users, int items, int[] pointers, int[] filled, int[] columns, float[] values)
    {
        int total = 0;
        foreach (int count in filled)
        {
            total += count;
        }

        if (total == columns.Length)
        {
            return new CsrMatrix(users, items, pointers, columns, values);
        }

        var newPointers = new int[users + 1];
        var newColumns = new int[total];
        var newValues = new float[total];
        for (int u = 0; u < users; u++)
        {
            Array.Copy(columns, pointers[u], newColumns, newPointers[u], filled[u]);
            Array.Copy(values, pointers[u], newValues, newPointers[u], filled[u]);
            newPointers[u + 1] = newPointers[u] + filled[u];
        }

        return new CsrMatrix(users, items, newPointers, newColumns, newValues);
    }
}
