using Recommender.Core.Als;
using Recommender.Core.Data;

namespace Recommender.Core.Signal;

/// <summary>
/// How recent each interaction is within its user's history: a users x items matrix with the same entries as
/// <see cref="InteractionTable.ToUserItemMatrix"/> of the same rows, whose value is the number of the user's rows that
/// are later (0 for the latest). Ties in time go to the row later in the file, as in the leave-last-out split.
/// </summary>
public static class RecencyRanks
{
    public static CsrMatrix Of(InteractionTable table, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(table);

        // Group the rows by user (counting sort), then order each user's rows from earliest to latest.
        var starts = new int[table.Users.Count + 1];
        foreach (int row in rows)
        {
            starts[table.UserIndices[row] + 1]++;
        }

        for (int u = 0; u < table.Users.Count; u++)
        {
            starts[u + 1] += starts[u];
        }

        var ordered = new int[rows.Length];
        var next = (int[])starts.Clone();
        foreach (int row in rows)
        {
            ordered[next[table.UserIndices[row]]++] = row;
        }

        var users = new int[rows.Length];
        var items = new int[rows.Length];
        var ranks = new float[rows.Length];
        var byTime = new ByTime(table.Timestamps);
        for (int u = 0; u < table.Users.Count; u++)
        {
            Span<int> own = ordered.AsSpan(starts[u], starts[u + 1] - starts[u]);
            own.Sort(byTime);
            for (int n = 0; n < own.Length; n++)
            {
                int at = starts[u] + n;
                users[at] = u;
                items[at] = table.ItemIndices[own[n]];
                ranks[at] = own.Length - 1 - n;
            }
        }

        return CsrMatrix.FromCoordinates(table.Users.Count, table.Items.Count, users, items, ranks);
    }

    private readonly struct ByTime(long[] timestamps) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            int byTime = timestamps[x].CompareTo(timestamps[y]);
            return byTime != 0 ? byTime : x.CompareTo(y);
        }
    }
}
