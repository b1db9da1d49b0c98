using Recommender.Core.Data;

namespace Recommender.Core.Feedback;

/// <summary>
/// Folds logged feedback into loaded ratings before training: events are applied in time order with
/// <see cref="FeedbackWeights"/>; a dislike removes the pair, new users and items join the id maps.
/// </summary>
public static class FeedbackMerger
{
    /// <summary>Returns a new table with the feedback applied; the input table's id maps are extended in place.</summary>
    public static InteractionTable Merge(InteractionTable table, IReadOnlyList<FeedbackEvent> events, FeedbackWeights weights)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(weights);
        if (events.Count == 0)
        {
            return table;
        }

        var users = new List<int>(table.UserIndices);
        var items = new List<int>(table.ItemIndices);
        var values = new List<float?>(table.Count);
        var timestamps = new List<long>(table.Timestamps);
        var rowOf = new Dictionary<(int User, int Item), int>(table.Count);
        for (int row = 0; row < table.Count; row++)
        {
            values.Add(table.Values[row]);
            rowOf[(table.UserIndices[row], table.ItemIndices[row])] = row;
        }

        var ordered = new List<FeedbackEvent>(events);
        ordered.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        foreach (FeedbackEvent e in ordered)
        {
            int user = table.Users.GetOrAdd(e.UserId);
            int item = table.Items.GetOrAdd(e.ItemId);
            long time = e.Timestamp.ToUnixTimeSeconds();
            if (rowOf.TryGetValue((user, item), out int row))
            {
                values[row] = weights.Apply(values[row], e.Event, e.Value);
                timestamps[row] = Math.Max(timestamps[row], time);
            }
            else
            {
                rowOf[(user, item)] = users.Count;
                users.Add(user);
                items.Add(item);
                values.Add(weights.Apply(null, e.Event, e.Value));
                timestamps.Add(time);
            }
        }

        // Drop pairs a dislike removed; survivors keep their order.
        int kept = 0;
        foreach (float? value in values)
        {
            kept += value.HasValue ? 1 : 0;
        }

        var outUsers = new int[kept];
        var outItems = new int[kept];
        var outValues = new float[kept];
        var outTimes = new long[kept];
        int next = 0;
        for (int row = 0; row < values.Count; row++)
        {
            if (values[row] is float value)
            {
                outUsers[next] = users[row];
                outItems[next] = items[row];
                outValues[next] = value;
                outTimes[next] = timestamps[row];
                next++;
            }
        }

        return new InteractionTable(table.Users, table.Items, outUsers, outItems, outValues, outTimes, table.Report);
    }
}
