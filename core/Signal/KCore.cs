using Recommender.Core.Data;

namespace Recommender.Core.Signal;

/// <summary>
/// k-core pruning: removes users with fewer than a minimum number of interactions and items with fewer than another,
/// repeatedly, because removing one side can push the other below its minimum. What is left is a table in which
/// every user and item meets its minimum.
/// </summary>
public static class KCore
{
    /// <summary>The rows that survive pruning, in table order; every row when both minimums are at most 1.</summary>
    public static int[] SurvivingRows(InteractionTable table, int minUserInteractions, int minItemInteractions)
    {
        ArgumentNullException.ThrowIfNull(table);
        var alive = new bool[table.Count];
        Array.Fill(alive, true);
        var perUser = new int[table.Users.Count];
        var perItem = new int[table.Items.Count];
        bool changed = true;
        while (changed)
        {
            Array.Clear(perUser);
            Array.Clear(perItem);
            for (int r = 0; r < alive.Length; r++)
            {
                if (alive[r])
                {
                    perUser[table.UserIndices[r]]++;
                    perItem[table.ItemIndices[r]]++;
                }
            }

            changed = false;
            for (int r = 0; r < alive.Length; r++)
            {
                if (alive[r] && (perUser[table.UserIndices[r]] < minUserInteractions || perItem[table.ItemIndices[r]] < minItemInteractions))
                {
                    alive[r] = false;
                    changed = true;
                }
            }
        }

        int kept = 0;
        foreach (bool a in alive)
        {
            kept += a ? 1 : 0;
        }

        var rows = new int[kept];
        kept = 0;
        for (int r = 0; r < alive.Length; r++)
        {
            if (alive[r])
            {
                rows[kept++] = r;
            }
        }

        return rows;
    }

    /// <summary>
    /// The table restricted to the surviving rows, with users and items that lost every row removed from the id maps
    /// (a pruned user is then a new user to the model, served by the cold-start path).
    /// </summary>
    public static InteractionTable Prune(InteractionTable table, int minUserInteractions, int minItemInteractions)
    {
        int[] rows = SurvivingRows(table, minUserInteractions, minItemInteractions);
        if (rows.Length == table.Count)
        {
            return table;
        }

        var users = new IdMap();
        var items = new IdMap();
        var userIndices = new int[rows.Length];
        var itemIndices = new int[rows.Length];
        var values = new float[rows.Length];
        var timestamps = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            userIndices[i] = users.GetOrAdd(table.Users[table.UserIndices[r]]);
            itemIndices[i] = items.GetOrAdd(table.Items[table.ItemIndices[r]]);
            values[i] = table.Values[r];
            timestamps[i] = table.Timestamps[r];
        }

        return new InteractionTable(users, items, userIndices, itemIndices, values, timestamps, table.Report);
    }
}
