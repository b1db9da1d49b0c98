using System.Text.Json.Serialization;

namespace Recommender.Core.Data;

/// <summary>Why a data row was rejected by a loader (written by name in every JSON document).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RejectReason>))]
public enum RejectReason
{
    /// <summary>The row has more or fewer fields than the format or header demands.</summary>
    WrongColumnCount,

    /// <summary>The rating/value field is not a finite number (or a MovieLens 100K genre flag is not a number).</summary>
    NonNumericValue,

    /// <summary>The value lies outside the configured minimum/maximum (or a MovieLens 100K genre flag is neither 0 nor 1).</summary>
    ValueOutOfRange,

    /// <summary>The user or item id is empty (or only white space).</summary>
    EmptyId,

    /// <summary>The timestamp is neither unix seconds nor ISO-8601 (or is empty where one is required).</summary>
    BadTimestamp,

    /// <summary>The user or item id breaks the <see cref="IdRule"/>: white space or control characters inside, a negative integer, or no match for the id pattern.</summary>
    InvalidId,
}
