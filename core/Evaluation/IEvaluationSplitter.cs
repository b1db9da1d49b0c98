using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>Divides the rows of an interaction table into train, validation and test sets.</summary>
public interface IEvaluationSplitter
{
    /// <summary>Splits <paramref name="table"/>; deterministic for a given table.</summary>
    EvaluationSplit Split(InteractionTable table);
}
