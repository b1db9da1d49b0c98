namespace Recommender.Core.Data;

/// <summary>Why a data row was rejected by a loader.</summary>
public enum RejectReason
{
    /// <summary>The row has more or fewer fields than the format or header demands.</summary>
    WrongColumnCount,

    /// <summary>The rating/value field is not a finite number.</summary>
    NonNumericValue,

    /// <summary>The value lies outside the configured minimum/maximum.</summary>
    ValueOutOfRange,

    /// <summary>The user or item id is empty (or only white space).</summary>
    EmptyId,

    /// <summary>The timestamp is neither unix seconds nor ISO-8601 (or is empty where one is required).</summary>
    BadTimestamp,
}
