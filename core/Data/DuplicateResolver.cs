namespace Recommender.Core.Data;

/// <summary>
/// Finds duplicate (user, item) rows and keeps only the latest event of each pair: the largest timestamp,
/// and on equal timestamps the row later in the file.
/// </summary>
internal static class DuplicateResolver
{
    /// <summary>Returns a keep-flag per row, or null when there are no duplicates; <paramref name="dropped"/> counts the losers.</summary>
    public static bool[]? FindSurvivors(int userCount, ReadOnlySpan<int> users, ReadOnlySpan<int> items, ReadOnlySpan<long> timestamps, out int dropped)
    {
        int n = users.Length;
        dropped = 0;

        // Group rows by user with a stable counting sort; within a user rows stay in file order.
        var starts = new int[userCount + 1];
        foreach (int u in users)
        {
            starts[u + 1]++;
        }

        for (int u = 0; u < userCount; u++)
        {
            starts[u + 1] += starts[u];
        }

        var next = (int[])starts.Clone();
        var keys = new ulong[n];
        for (int row = 0; row < n; row++)
        {
            // Item in the high half, row in the low half: sorting groups a pair's rows in file order.
            keys[next[users[row]]++] = ((ulong)(uint)items[row] << 32) | (uint)row;
        }

        bool[]? keep = null;
        for (int u = 0; u < userCount; u++)
        {
            int start = starts[u];
            int length = starts[u + 1] - start;
            if (length < 2)
            {
                continue;
            }

            Span<ulong> segment = keys.AsSpan(start, length);
            segment.Sort();
            for (int i = 1; i < length; i++)
            {
                if ((segment[i] >> 32) != (segment[i - 1] >> 32))
                {
                    continue;
                }

                // segment[i - 1] holds the current winner of this pair (see the swap below).
                keep ??= CreateAllTrue(n);
                int previous = (int)(uint)segment[i - 1];
                int current = (int)(uint)segment[i];
                if (timestamps[current] >= timestamps[previous])
                {
                    keep[previous] = false;
                }
                else
                {
                    keep[current] = false;
                    (segment[i - 1], segment[i]) = (segment[i], segment[i - 1]);
                }

                dropped++;
            }
        }

        return keep;
    }

    private static bool[] CreateAllTrue(int n)
    {
        var flags = new bool[n];
        Array.Fill(flags, true);
        return flags;
    }
}
