using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>Per-user held-out (relevant) item indices, each user's items sorted ascending without duplicates.</summary>
public sealed class HeldOutSet
{
    private readonly int[] _starts;
    private readonly int[] _items;

    private HeldOutSet(int itemCount, int[] starts, int[] items, int[] users)
    {
        ItemCount = itemCount;
        _starts = starts;
        _items = items;
        Users = users;
    }

    /// <summary>Size of the user index space.</summary>
    public int UserCount => _starts.Length - 1;

    /// <summary>Size of the item index space.</summary>
    public int ItemCount { get; }

    /// <summary>Users with at least one held-out item, ascending: the users an evaluation ranks for.</summary>
    public IReadOnlyList<int> Users { get; }

    /// <summary>Total held-out (user, item) pairs.</summary>
    public int PairCount => _items.Length;

    /// <summary>The held-out items of <paramref name="user"/>, sorted ascending.</summary>
    public ReadOnlySpan<int> ItemsOf(int user) => _items.AsSpan(_starts[user], _starts[user + 1] - _starts[user]);

    /// <summary>
    /// The set restricted to at most <paramref name="maxUsers"/> users, spread evenly over <see cref="Users"/> (every
    /// n-th, from the first), each with all their held-out items; this set itself when it has no more users than that.
    /// </summary>
    public HeldOutSet EvenSample(int maxUsers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUsers, 1);
        if (Users.Count <= maxUsers)
        {
            return this;
        }

        int step = (Users.Count + maxUsers - 1) / maxUsers;
        var users = new List<int>();
        var items = new List<int>();
        for (int n = 0; n < Users.Count; n += step)
        {
            int user = Users[n];
            foreach (int item in ItemsOf(user))
            {
                users.Add(user);
                items.Add(item);
            }
        }

        return FromPairs(UserCount, ItemCount, users.ToArray(), items.ToArray());
    }

    /// <summary>The held-out items of the given table rows (e.g. a split's test rows).</summary>
    public static HeldOutSet FromRows(InteractionTable table, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(table);
        var users = new int[rows.Length];
        var items = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            users[i] = table.UserIndices[rows[i]];
            items[i] = table.ItemIndices[rows[i]];
        }

        return FromPairs(table.Users.Count, table.Items.Count, users, items);
    }

    /// <summary>Builds the set from parallel user and item index arrays; duplicate pairs count once.</summary>
    public static HeldOutSet FromPairs(int userCount, int itemCount, ReadOnlySpan<int> users, ReadOnlySpan<int> items)
    {
        if (users.Length != items.Length)
        {
            throw new ArgumentException("User and item arrays must have the same length.");
        }

        var matrix = Als.CsrMatrix.FromCoordinates(userCount, itemCount, users, items, new float[users.Length]);
        int evaluated = 0;
        for (int u = 0; u < userCount; u++)
        {
            evaluated += matrix.RowPointers[u + 1] > matrix.RowPointers[u] ? 1 : 0;
        }

        var withItems = new int[evaluated];
        evaluated = 0;
        for (int u = 0; u < userCount; u++)
        {
            if (matrix.RowPointers[u + 1] > matrix.RowPointers[u])
            {
                withItems[evaluated++] = u;
            }
        }

        return new HeldOutSet(itemCount, matrix.RowPointers, matrix.ColumnIndices, withItems);
    }
}
