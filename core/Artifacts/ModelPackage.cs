using Recommender.Core.Als;
using Recommender.Core.Data;

namespace Recommender.Core.Artifacts;

/// <summary>Everything one model version holds in memory: factors, id maps, seen items, popularity and titles.</summary>
public sealed class ModelPackage
{
    private readonly float[]? _seenConfidence;

    public ModelPackage(ModelManifest manifest, AlsFactors factors, IdMap users, IdMap items, CsrMatrix seenItems, float[] popularity, string[] titles)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(seenItems);
        ArgumentNullException.ThrowIfNull(popularity);
        ArgumentNullException.ThrowIfNull(titles);
        if (factors.Users != users.Count || factors.Items != items.Count
            || seenItems.Rows != users.Count || seenItems.Columns != items.Count
            || popularity.Length != items.Count || titles.Length != items.Count)
        {
            throw new InvalidDataException(
                $"Model {manifest.Version} is inconsistent: {users.Count} user ids, {items.Count} item ids, factors {factors.Users}x{factors.Items}, " +
                $"seen {seenItems.Rows}x{seenItems.Columns}, {popularity.Length} popularity scores, {titles.Length} titles.");
        }

        Manifest = manifest;
        Factors = factors;
        Users = users;
        Items = items;
        SeenItems = seenItems;
        Popularity = popularity;
        Titles = titles;
    }

    public ModelManifest Manifest { get; }

    public string Version => Manifest.Version;

    public AlsFactors Factors { get; }

    public IdMap Users { get; }

    public IdMap Items { get; }

    /// <summary>Users x items: the items each user interacted with in training (masked when recommending).</summary>
    public CsrMatrix SeenItems { get; }

    /// <summary>Popularity score per item (higher is more popular).</summary>
    public float[] Popularity { get; }

    /// <summary>Title per item, empty where the catalogue has none.</summary>
    public string[] Titles { get; }

    /// <summary>
    /// c − 1 of each seen pair in the published fit, aligned with <see cref="SeenItems"/>' column indices (NaN where the
    /// fit did not train on the pair); null in versions published without <see cref="ArtifactNames.SeenConfidence"/>.
    /// </summary>
    public float[]? SeenConfidence
    {
        get => _seenConfidence;
        init
        {
            if (value is not null && value.Length != SeenItems.NonZeros)
            {
                throw new InvalidDataException($"Model {Version} is inconsistent: {value.Length} seen confidences for {SeenItems.NonZeros} seen pairs.");
            }

            _seenConfidence = value;
        }
    }

    /// <summary>
    /// Under TF-IDF and BM25: the idf per item the published fit's weighting used (<see cref="ArtifactNames.SignalItemIdf"/>);
    /// null under other weightings and in versions published without it.
    /// </summary>
    public float[]? SignalItemIdf
    {
        get;
        init
        {
            if (value is not null && value.Length != Items.Count)
            {
                throw new InvalidDataException($"Model {Version} is inconsistent: {value.Length} item idf values for {Items.Count} items.");
            }

            field = value;
        }
    }

    /// <summary>
    /// Under BM25: each user's length in the published fit's matrix (<see cref="ArtifactNames.SignalUserLengths"/>);
    /// null under other weightings and in versions published without it.
    /// </summary>
    public float[]? SignalUserLengths
    {
        get;
        init
        {
            if (value is not null && value.Length != Users.Count)
            {
                throw new InvalidDataException($"Model {Version} is inconsistent: {value.Length} user lengths for {Users.Count} users.");
            }

            field = value;
        }
    }

    /// <summary>
    /// The interactions the version was trained on, published as <see cref="ArtifactNames.TrainingSet"/>; null when
    /// the package was loaded for serving (which does not read it) or built without one.
    /// </summary>
    public InteractionTable? TrainingSet { get; init; }

    /// <summary>The data-quality report published as <see cref="ArtifactNames.DataQuality"/>; null when loaded for serving or built without one.</summary>
    public Data.Quality.DataQualityReport? DataQuality { get; init; }

    /// <summary>
    /// The genres of each item, published as <see cref="ArtifactNames.ItemGenres"/>; null for versions without them
    /// (trained without a catalogue, or before genres were published).
    /// </summary>
    public ItemGenres? Genres
    {
        get;
        init
        {
            if (value is not null && value.Count != Items.Count)
            {
                throw new InvalidDataException($"Model {Manifest.Version} is inconsistent: {Items.Count} item ids, {value.Count} genre lists.");
            }

            field = value;
        }
    }
}
