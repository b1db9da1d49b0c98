using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>Each user's positive rows (value at or above a threshold) in chronological order, ties by file order.</summary>
internal sealed class PositivesByUser
{
    private readonly int[] _starts;
    private readonly int[] _rows;

    public PositivesByUser(InteractionTable table, float minRating)
    {
        int users = table.Users.Count;
        _starts = new int[users + 1];
        for (int row = 0; row < table.Count; row++)
        {
            if (table.Values[row] >= minRating)
            {
                _starts[table.UserIndices[row] + 1]++;
            }
        }

        for (int u = 0; u < users; u++)
        {
            _starts[u + 1] += _starts[u];
        }

        _rows = new int[_starts[users]];
        var next = (int[])_starts.Clone();
        for (int row = 0; row < table.Count; row++)
        {
            if (table.Values[row] >= minRating)
            {
                _rows[next[table.UserIndices[row]]++] = row;
            }
        }

        var order = new ChronologicalOrder(table.Timestamps);
        for (int u = 0; u < users; u++)
        {
            int length = _starts[u + 1] - _starts[u];
            if (length > 1)
            {
                _rows.AsSpan(_starts[u], length).Sort(order);
            }
        }
    }

    public int UserCount => _starts.Length - 1;

    /// <summary>The user's positive rows, oldest first; among equal timestamps the earlier file row first.</summary>
    public ReadOnlySpan<int> RowsOf(int user) => _rows.AsSpan(_starts[user], _starts[user + 1] - _starts[user]);

    private sealed class ChronologicalOrder(long[] timestamps) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            int byTime = timestamps[x].CompareTo(timestamps[y]);
            return byTime != 0 ? byTime : x.CompareTo(y);
        }
    }
}
