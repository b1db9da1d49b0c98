namespace Recommender.Core.Artifacts;

/// <summary>File names inside a model version folder, fixed by the blob layout.</summary>
public static class ArtifactNames
{
    public const string Manifest = "manifest.json";
    public const string Current = "current.json";
    public const string UserFactors = "user_factors.npy";
    public const string ItemFactors = "item_factors.npy";
    public const string UserIds = "user_ids.json";
    public const string ItemIds = "item_ids.json";
    public const string SeenIndptr = "seen_indptr.npy";
    public const string SeenIndices = "seen_indices.npy";
    public const string Popularity = "popularity.npy";
    public const string ItemTitles = "item_titles.json";

    /// <summary>Genres per item; optional, so versions published before it still load (without genres).</summary>
    public const string ItemGenres = "item_genres.json";

    /// <summary>The exact training set of the version (after the feedback merge), for audit and retraining; not needed to serve.</summary>
    public const string TrainingSet = "interactions.parquet";

    /// <summary>The data-quality report of the version's ratings input (rejects with examples, ranges, new users and items); not needed to serve.</summary>
    public const string DataQuality = "data-quality.json";

    /// <summary>
    /// Optional: c − 1 of every seen pair as the published fit used it (float32, aligned with <see cref="SeenIndices"/>);
    /// NaN for a seen pair the fit did not train on. Versions without it serve known users from their factor row only.
    /// </summary>
    public const string SeenConfidence = "seen_confidence.npy";

    /// <summary>
    /// Optional: under TF-IDF and BM25, the idf per item the published fit's weighting used (float32, in item index
    /// order), so serving weighs feedback per item as the fit did. Versions without it weigh feedback without it.
    /// </summary>
    public const string SignalItemIdf = "signal_item_idf.npy";

    /// <summary>
    /// Optional: under BM25, each user's length in the published fit's matrix (float32, in user index order), the sum
    /// of their preference weights; the average is <see cref="SignalInfo.Bm25AverageLength"/>.
    /// </summary>
    public const string SignalUserLengths = "signal_user_lengths.npy";

    /// <summary>Every artifact the serving model is built from, in the order they are written.</summary>
    public static IReadOnlyList<string> All { get; } =
        [UserFactors, ItemFactors, UserIds, ItemIds, SeenIndptr, SeenIndices, Popularity, ItemTitles];
}
