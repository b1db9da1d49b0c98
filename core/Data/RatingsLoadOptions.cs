namespace Recommender.Core.Data;

/// <summary>How <see cref="RatingsLoader"/> reads a ratings file.</summary>
public sealed record RatingsLoadOptions
{
    /// <summary>MovieLens rating range lower end.</summary>
    public const double MovieLensMinRating = 0.5;

    /// <summary>MovieLens rating range upper end.</summary>
    public const double MovieLensMaxRating = 5.0;

    /// <summary>The file layout. Default <see cref="RatingsFormat.Auto"/>.</summary>
    public RatingsFormat Format { get; init; } = RatingsFormat.Auto;

    /// <summary>Generic CSV: header name of the user id column (matched ignoring case). Required for generic files.</summary>
    public string? UserColumn { get; init; }

    /// <summary>Generic CSV: header name of the item id column. Required for generic files.</summary>
    public string? ItemColumn { get; init; }

    /// <summary>Generic CSV: header name of the value column; when absent every row has value 1.</summary>
    public string? ValueColumn { get; init; }

    /// <summary>Generic CSV: header name of the timestamp column (unix seconds or ISO-8601); when absent timestamps are 0.</summary>
    public string? TimestampColumn { get; init; }

    /// <summary>Smallest valid value. MovieLens default 0.5; generic default: no lower bound.</summary>
    public double? MinValue { get; init; }

    /// <summary>Largest valid value. MovieLens default 5; generic default: no upper bound.</summary>
    public double? MaxValue { get; init; }

    /// <summary>Which user and item ids are accepted. Default <see cref="IdRule.Default"/>: no white space or control characters, no negative integers.</summary>
    public IdRule Ids { get; init; } = IdRule.Default;

    /// <summary>Loading fails when rejected rows / rows read exceeds this. Default 0.01.</summary>
    public double MaxRejectRate { get; init; } = 0.01;
}
