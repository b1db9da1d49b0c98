using Recommender.Core.Als;

namespace Recommender.Tests.Als;

/// <summary>Seeded small matrices shared by the ALS tests.</summary>
internal static class AlsTestMatrices
{
    /// <summary>A random users x items matrix where each user has about <paramref name="perUser"/> distinct items with values 1..5.</summary>
    public static CsrMatrix Random(int users, int items, int perUser, int seed)
    {
        var random = new Random(seed);
        var rows = new List<int>();
        var cols = new List<int>();
        var vals = new List<float>();
        for (int u = 0; u < users; u++)
        {
            int count = 1 + random.Next(2 * perUser);
            var chosen = new HashSet<int>();
            while (chosen.Count < Math.Min(count, items))
            {
                chosen.Add(random.Next(items));
            }

            foreach (int i in chosen)
            {
                rows.Add(u);
                cols.Add(i);
                vals.Add(1 + random.Next(5));
            }
        }

        return CsrMatrix.FromCoordinates(users, items, rows.ToArray(), cols.ToArray(), vals.ToArray());
    }

    /// <summary>A random row-major matrix with normal entries scaled by <paramref name="scale"/>.</summary>
    public static float[] Normal(int rows, int columns, double scale, int seed)
    {
        var random = new Random(seed);
        var result = new float[rows * columns];
        for (int k = 0; k < result.Length; k++)
        {
            double u1 = 1d - random.NextDouble();
            double u2 = random.NextDouble();
            result[k] = (float)(scale * Math.Sqrt(-2d * Math.Log(u1)) * Math.Cos(2d * Math.PI * u2));
        }

        return result;
    }

    /// <summary>Largest absolute difference between two equally long arrays.</summary>
    public static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0d;
        for (int k = 0; k < a.Length; k++)
        {
            max = Math.Max(max, Math.Abs((double)a[k] - b[k]));
        }

        return max;
    }

    public static double MaxAbs(ReadOnlySpan<float> a)
    {
        double max = 0d;
        foreach (float v in a)
        {
            max = Math.Max(max, Math.Abs((double)v));
        }

        return max;
    }
}
