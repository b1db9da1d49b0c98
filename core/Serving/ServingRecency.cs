using Recommender.Core.Feedback;
using Recommender.Core.Signal;

namespace Recommender.Core.Serving;

/// <summary>
/// The recency weighting a version was trained with (<see cref="Artifacts.SignalInfo.RecencyHalfLife"/>), applied at
/// serving time so that a fold-in and a real-time update weigh a user's interactions as the training did: the n-th
/// latest keeps 0.5^(n / half-life) of its strength.
/// </summary>
internal static class ServingRecency
{
    /// <summary>The version's half-life; null when it weighed every interaction alike.</summary>
    public static float? HalfLife(ServingModel model) => model.Package.Manifest.Signal?.RecencyHalfLife;

    /// <summary>The factor of the interaction with <paramref name="later"/> later interactions of the same user.</summary>
    public static float Factor(int later, float halfLife) => TrainingSignal.RecencyFactor(later, halfLife);

    /// <summary>
    /// Multiplies each strength by its item's factor, the items ranked by their latest event in
    /// <paramref name="events"/> (latest first; an item without an event ranks last; ties go to the later position).
    /// </summary>
    public static void DecayByLatestEvent(ServingModel model, IReadOnlyList<FeedbackEvent> events, ReadOnlySpan<int> items, Span<float> strengths, float halfLife)
    {
        var latest = new Dictionary<int, DateTimeOffset>(items.Length);
        foreach (FeedbackEvent e in events)
        {
            if (model.Package.Items.TryGetIndex(e.ItemId, out int item) && (!latest.TryGetValue(item, out DateTimeOffset seen) || e.Timestamp > seen))
            {
                latest[item] = e.Timestamp;
            }
        }

        var times = new DateTimeOffset[items.Length];
        var order = new int[items.Length];
        for (int n = 0; n < items.Length; n++)
        {
            times[n] = latest.GetValueOrDefault(items[n], DateTimeOffset.MinValue);
            order[n] = n;
        }

        Array.Sort(order, (a, b) => times[b] != times[a] ? times[b].CompareTo(times[a]) : b.CompareTo(a));
        for (int later = 0; later < order.Length; later++)
        {
            strengths[order[later]] *= Factor(later, halfLife);
        }
    }
}
