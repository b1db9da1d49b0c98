using Recommender.Core.Als.Internals;

namespace Recommender.Core.Als;

public sealed partial class CpuAlsFitter
{
    /// <summary>Recomputes the Gram matrix of the fixed side, then solves every row in parallel chunks.</summary>
    private static void SolveHalf(HalfIteration half, int[] chunks, int fixedRows, AlsOptions options, FitContext context, CancellationToken cancellationToken)
    {
        // Under frequency scaling each row adds its own lambda, so the shared Gram matrix carries none.
        float sharedLambda = half.RowLambda is null ? options.Regularization : 0f;
        context.GramBuilder.Compute(half.FixedMemory, fixedRows, sharedLambda, half.GramMemory.Span, context.Workers, cancellationToken, options.UnobservedWeight);
        bool exact = options.Solver == AlsSolverKind.Cholesky;
        int steps = options.CgSteps;
        ParallelChunks.Run(chunks.Length - 1, context.Workers, (worker, chunk) =>
        {
            RowSolverScratch scratch = context.Scratch[worker];
            int end = chunks[chunk + 1];
            for (int row = chunks[chunk]; row < end; row++)
            {
                if (exact)
                {
                    CholeskySolver.SolveRow(half, row, scratch);
                }
                else
                {
                    ConjugateGradientSolver.SolveRow(half, row, steps, scratch);
                }
            }
        }, cancellationToken);
    }

    /// <summary>Buffers that live for one fit: the Gram matrix, its builder and one scratch set per worker.</summary>
    private sealed class FitContext
    {
        public FitContext(int factors, int workers, int maxRows)
        {
            Workers = workers;
            Gram = new AlignedFloats(factors * factors);
            GramBuilder = new GramMatrix(factors, maxRows);
            Scratch = new RowSolverScratch[workers];
            for (int w = 0; w < workers; w++)
            {
                Scratch[w] = new RowSolverScratch(factors);
            }
        }

        public int Workers { get; }

        public AlignedFloats Gram { get; }

        public GramMatrix GramBuilder { get; }

        public RowSolverScratch[] Scratch { get; }
    }
}
