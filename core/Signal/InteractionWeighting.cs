namespace Recommender.Core.Signal;

/// <summary>How a preference strength becomes the value ALS turns into confidence (1 + alpha * value).</summary>
public enum InteractionWeighting
{
    /// <summary>The strength as it is (a rating, a play count).</summary>
    None,

    /// <summary>1 for every kept interaction: only whether it happened counts.</summary>
    Binary,

    /// <summary>
    /// BM25 with users as documents and items as terms: a rare item and a short history weigh more, and the
    /// strength saturates through k1.
    /// </summary>
    Bm25,

    /// <summary>sqrt(strength) times the item's inverse user frequency ln(1 + users / item's users).</summary>
    TfIdf,
}
