namespace Recommender.Core.Als.Internals;

/// <summary>
/// Splits the rows of a CSR matrix into contiguous chunks of about equal work (nonzeros plus a dense share per row),
/// so power-law row lengths still spread evenly over the workers. The split depends on the data only.
/// </summary>
internal static class RowChunks
{
    /// <summary>Work per chunk, in nonzero-equivalents: small enough to balance, large enough to amortise scheduling.</summary>
    private const long TargetCost = 4096;

    /// <summary>Returns chunk boundaries b (b[0] = 0, b[^1] = rows); chunk k covers rows b[k]..b[k+1]-1.</summary>
    public static int[] Build(CsrMatrix matrix, int factors)
    {
        int rows = matrix.Rows;
        long denseShare = (factors / 2) + 1;
        long total = matrix.NonZeros + (rows * denseShare);
        int chunks = (int)Math.Clamp(total / TargetCost, 1, Math.Max(1, rows));
        var bounds = new int[chunks + 1];
        int[] pointers = matrix.RowPointers;
        long perChunk = (total + chunks - 1) / chunks;
        int k = 1;
        long cost = 0;
        for (int r = 0; r < rows && k < chunks; r++)
        {
            cost += pointers[r + 1] - pointers[r] + denseShare;
            if (cost >= perChunk * k)
            {
                bounds[k++] = r + 1;
            }
        }

        // Rounding can leave the last boundaries unset; they collapse onto the end (empty chunks are harmless).
        for (; k <= chunks; k++)
        {
            bounds[k] = rows;
        }

        return bounds;
    }
}
