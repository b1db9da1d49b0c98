namespace Recommender.Core.Data.Quality;

/// <summary>
/// The <c>data-quality.json</c> of a version: the summary recorded in the manifest plus the first few rejected rows of
/// each reason (line number, reason, the offending field and the raw row, cut short).
/// </summary>
public sealed record DataQualityReport
{
    public required DataQualitySummary Summary { get; init; }

    /// <summary>Up to <see cref="RejectReport.MaxExamplesPerReason"/> rejected rows per reason, reasons in declaration order.</summary>
    public required IReadOnlyList<RejectedRow> Examples { get; init; }

    /// <summary>
    /// Builds the report of a loaded ratings table; <paramref name="liveUsers"/> and <paramref name="liveItems"/> (the
    /// live version's id maps, null when none is live) count the users and items that are new.
    /// </summary>
    public static DataQualityReport Build(InteractionTable loaded, double maxRejectRate, string? liveVersion, IdMap? liveUsers, IdMap? liveItems)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        RejectReport report = loaded.Report;
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        var examples = new List<RejectedRow>();
        foreach (var (reason, count) in report.RejectedByReason)
        {
            byReason[reason.ToString()] = count;
            examples.AddRange(report.ExamplesFor(reason));
        }

        var summary = new DataQualitySummary
        {
            Source = report.Source,
            Rules = new DataRules { MinRating = report.MinValue, MaxRating = report.MaxValue, Ids = report.IdRule, MaxRejectRate = maxRejectRate },
            RowsRead = report.RowsRead,
            Accepted = report.Accepted,
            Rejected = report.Rejected,
            RejectRate = report.RejectRate,
            RejectedByReason = byReason,
            DuplicatesMerged = report.DuplicatesMerged,
            Ranges = Ranges(loaded),
            LiveVersion = liveVersion,
            NewUsers = liveUsers is null ? null : CountMissing(loaded.Users, liveUsers),
            NewItems = liveItems is null ? null : CountMissing(loaded.Items, liveItems),
        };
        return new DataQualityReport { Summary = summary, Examples = examples };
    }

    private static ValueRanges Ranges(InteractionTable table)
    {
        if (table.Count == 0)
        {
            return new ValueRanges { Users = table.Users.Count, Items = table.Items.Count, Interactions = 0 };
        }

        float minValue = float.PositiveInfinity, maxValue = float.NegativeInfinity;
        foreach (float value in table.Values)
        {
            minValue = Math.Min(minValue, value);
            maxValue = Math.Max(maxValue, value);
        }

        long minTime = long.MaxValue, maxTime = long.MinValue;
        foreach (long time in table.Timestamps)
        {
            minTime = Math.Min(minTime, time);
            maxTime = Math.Max(maxTime, time);
        }

        return new ValueRanges
        {
            Users = table.Users.Count,
            Items = table.Items.Count,
            Interactions = table.Count,
            MinRating = minValue,
            MaxRating = maxValue,
            MinTimestamp = minTime,
            MaxTimestamp = maxTime,
        };
    }

    private static int CountMissing(IdMap ids, IdMap known)
    {
        int missing = 0;
        foreach (string id in ids.Ids)
        {
            missing += known.TryGetIndex(id, out _) ? 0 : 1;
        }

        return missing;
    }
}
