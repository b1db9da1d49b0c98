namespace Recommender.Core.Data.Quality;

/// <summary>
/// What the ratings input of a version held: the rules it was checked against, rows read and rejected by reason,
/// duplicates merged, value ranges, and the users and items the live version did not know. Recorded in the manifest;
/// <see cref="DataQualityReport"/> adds examples of the rejected rows.
/// </summary>
public sealed record DataQualitySummary
{
    /// <summary>The ratings file or blob.</summary>
    public required string Source { get; init; }

    public required DataRules Rules { get; init; }

    /// <summary>Data rows read (the header and blank lines are not rows).</summary>
    public required long RowsRead { get; init; }

    public required long Accepted { get; init; }

    public required long Rejected { get; init; }

    /// <summary>Rejected / RowsRead.</summary>
    public required double RejectRate { get; init; }

    /// <summary>Rejected rows per reason (every reason, zeros included).</summary>
    public required IReadOnlyDictionary<string, long> RejectedByReason { get; init; }

    /// <summary>Accepted rows dropped because a later event for the same (user, item) pair won.</summary>
    public required long DuplicatesMerged { get; init; }

    public required ValueRanges Ranges { get; init; }

    /// <summary>The live version the new users and items are counted against; null when no version was live.</summary>
    public string? LiveVersion { get; init; }

    /// <summary>Users in the input that the live version does not know; null without a live version.</summary>
    public int? NewUsers { get; init; }

    /// <summary>Items in the input that the live version does not know; null without a live version.</summary>
    public int? NewItems { get; init; }
}

/// <summary>The rules rows were checked against.</summary>
public sealed record DataRules
{
    /// <summary>Smallest accepted rating; null when unbounded.</summary>
    public double? MinRating { get; init; }

    /// <summary>Largest accepted rating; null when unbounded.</summary>
    public double? MaxRating { get; init; }

    /// <summary>The id rule in words.</summary>
    public required string Ids { get; init; }

    /// <summary>Share of rejected rows above which the run fails.</summary>
    public required double MaxRejectRate { get; init; }
}

/// <summary>Ranges of the accepted rows (after duplicates were merged).</summary>
public sealed record ValueRanges
{
    public required int Users { get; init; }

    public required int Items { get; init; }

    public required long Interactions { get; init; }

    /// <summary>Smallest rating or strength; null when no row was accepted.</summary>
    public float? MinRating { get; init; }

    public float? MaxRating { get; init; }

    /// <summary>Earliest event time in unix seconds (0 where the input has no timestamp column); null when no row was accepted.</summary>
    public long? MinTimestamp { get; init; }

    public long? MaxTimestamp { get; init; }
}
