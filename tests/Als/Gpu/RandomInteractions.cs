using Recommender.Core.Als;

namespace Recommender.Tests.Als.Gpu;

/// <summary>Seeded random interaction matrices for the GPU fitter tests.</summary>
internal static class RandomInteractions
{
    /// <summary>A users x items matrix with about <paramref name="perUser"/> distinct items per user and strengths in 1..5.</summary>
    public static CsrMatrix Create(int users, int items, int perUser, int seed)
    {
        var random = new Random(seed);
        var rows = new List<int>();
        var columns = new List<int>();
        var values = new List<float>();
        for (int u = 0; u < users; u++)
        {
            // A few users have no interactions at all, so empty rows are covered too.
            int count = u % 17 == 5 ? 0 : 1 + random.Next(perUser * 2);
            for (int n = 0; n < count; n++)
            {
                rows.Add(u);
                columns.Add(random.Next(items));
                values.Add(1 + random.Next(5));
            }
        }

        return CsrMatrix.FromCoordinates(users, items, rows.ToArray(), columns.ToArray(), values.ToArray());
    }
}
