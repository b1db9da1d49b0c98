using Recommender.Core.Als;

namespace Recommender.Core.Training;

/// <summary>
/// The confidences a fit trained each seen pair with, laid out like the seen-items matrix a version publishes, so
/// serving can rebuild any user's normal equations exactly (<see cref="Artifacts.ArtifactNames.SeenConfidence"/>).
/// </summary>
public static class SeenConfidence
{
    /// <summary>
    /// c − 1 for every nonzero of <paramref name="seen"/>, computed from <paramref name="fitted"/> (the weighted matrix
    /// the published fit was trained on) by the fitters' own confidence function; NaN where the fit has no such pair
    /// (the weighting dropped it, or the published fit is the training split and the pair was held out).
    /// </summary>
    public static float[] Of(CsrMatrix seen, CsrMatrix fitted, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(fitted);
        ArgumentNullException.ThrowIfNull(options);
        if (seen.Rows != fitted.Rows || seen.Columns != fitted.Columns)
        {
            throw new ArgumentException($"The fitted matrix is {fitted.Rows}x{fitted.Columns}; the seen matrix is {seen.Rows}x{seen.Columns}.", nameof(fitted));
        }

        float[] fittedConfidence = CpuAlsFitter.ConfidenceMinusOne(fitted.Values, options);
        var result = new float[seen.NonZeros];
        for (int u = 0; u < seen.Rows; u++)
        {
            // Both rows hold sorted columns, and the fitted row is a subset of the seen one: one merge pass.
            int next = fitted.RowPointers[u];
            int fittedEnd = fitted.RowPointers[u + 1];
            for (int s = seen.RowPointers[u]; s < seen.RowPointers[u + 1]; s++)
            {
                int column = seen.ColumnIndices[s];
                while (next < fittedEnd && fitted.ColumnIndices[next] < column)
                {
                    next++;
                }

                result[s] = next < fittedEnd && fitted.ColumnIndices[next] == column ? fittedConfidence[next] : float.NaN;
            }
        }

        return result;
    }
}
