using Recommender.Core.Als;

namespace Recommender.Core.Data;

/// <summary>
/// Loaded interactions as parallel arrays (one entry per surviving row, in file order) with the id maps that
/// translate the dense user/item indices back to external string ids.
/// </summary>
public sealed class InteractionTable
{
    public InteractionTable(IdMap users, IdMap items, int[] userIndices, int[] itemIndices, float[] values, long[] timestamps, RejectReport report)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(userIndices);
        ArgumentNullException.ThrowIfNull(itemIndices);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(report);
        int count = userIndices.Length;
        if (itemIndices.Length != count || values.Length != count || timestamps.Length != count)
        {
            throw new ArgumentException("User, item, value and timestamp arrays must have the same length.");
        }

        for (int i = 0; i < count; i++)
        {
            if ((uint)userIndices[i] >= (uint)users.Count || (uint)itemIndices[i] >= (uint)items.Count)
            {
                throw new ArgumentException($"Row {i} refers to a user or item outside the id maps.");
            }
        }

        Users = users;
        Items = items;
        UserIndices = userIndices;
        ItemIndices = itemIndices;
        Values = values;
        Timestamps = timestamps;
        Report = report;
    }

    public IdMap Users { get; }

    public IdMap Items { get; }

    public int[] UserIndices { get; }

    public int[] ItemIndices { get; }

    /// <summary>Rating or strength per row (1 where the source has no value column).</summary>
    public float[] Values { get; }

    /// <summary>Event time per row in unix seconds (0 where the source has no timestamp column).</summary>
    public long[] Timestamps { get; }

    /// <summary>Number of rows (interactions).</summary>
    public int Count => UserIndices.Length;

    /// <summary>What the loader read and rejected.</summary>
    public RejectReport Report { get; }

    /// <summary>Number of rows whose value is at least <paramref name="minValue"/> (e.g. the positives).</summary>
    public int CountValuesAtLeast(float minValue)
    {
        int count = 0;
        foreach (float value in Values)
        {
            count += value >= minValue ? 1 : 0;
        }

        return count;
    }

    /// <summary>Rows among <paramref name="rows"/> whose value is at least <paramref name="minValue"/>, in the same order.</summary>
    public int[] RowsWithValueAtLeast(ReadOnlySpan<int> rows, float minValue)
    {
        int kept = 0;
        foreach (int row in rows)
        {
            if (Values[row] >= minValue)
            {
                kept++;
            }
        }

        var result = new int[kept];
        kept = 0;
        foreach (int row in rows)
        {
            if (Values[row] >= minValue)
            {
                result[kept++] = row;
            }
        }

        return result;
    }

    /// <summary>
    /// Builds the users x items matrix of the given rows. Values are the row values, or
    /// <paramref name="constantValue"/> for every entry when given (e.g. 1 for a seen-items mask).
    /// </summary>
    public CsrMatrix ToUserItemMatrix(ReadOnlySpan<int> rows, float? constantValue = null)
    {
        var users = new int[rows.Length];
        var items = new int[rows.Length];
        var values = new float[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int row = rows[i];
            users[i] = UserIndices[row];
            items[i] = ItemIndices[row];
            values[i] = constantValue ?? Values[row];
        }

        return CsrMatrix.FromCoordinates(Users.Count, Items.Count, users, items, values);
    }
}
