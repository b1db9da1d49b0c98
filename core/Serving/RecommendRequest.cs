namespace Recommender.Core.Serving;

/// <summary>
/// One user's recommend call as a batch entry: the user vector, the items never to return (seen, and excluded by rules
/// or dislikes), and where the top-K goes (its length is K). <see cref="AlsShare"/> set: mixed mode, as in
/// <see cref="RecommendationEngine.Recommend(ServingModel, ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{int}, float?, Span{ScoredItem})"/>.
/// </summary>
public readonly record struct RecommendRequest(ReadOnlyMemory<float> UserVector, ReadOnlyMemory<int> Seen, ReadOnlyMemory<int> Excluded, Memory<ScoredItem> Results, float? AlsShare = null);
