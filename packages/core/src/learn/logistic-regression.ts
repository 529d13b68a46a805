/**
 * A design matrix of one-hot levels: each row has exactly `perRow` active columns (one level per
 * feature), stored flat in `active`. Column 0 is the intercept and is never listed.
 */
export interface OneHotDesign {
  readonly rows: number;
  readonly perRow: number;
  readonly active: Int32Array;
  readonly labels: Uint8Array;
  /** Number of columns including the intercept. */
  readonly columns: number;
}

export interface LogisticFit {
  readonly coefficients: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  /** The fitted linear predictor of every row (log-odds). */
  readonly linearPredictor: Float64Array;
}

const sigmoid = (eta: number) => 1 / (1 + Math.exp(-eta));

/** Solves `matrix · x = vector` for a symmetric positive-definite matrix (Cholesky), in place. */
export function solveSymmetric(
  matrix: Float64Array,
  vector: Float64Array,
  size: number,
): Float64Array {
  for (let j = 0; j < size; j += 1) {
    let diagonal = matrix[j * size + j]!;
    for (let k = 0; k < j; k += 1) diagonal -= matrix[j * size + k]! ** 2;
    // A tiny floor keeps the factorisation going when a level never occurs; ridge makes it rare.
    const root = Math.sqrt(Math.max(diagonal, 1e-12));
    matrix[j * size + j] = root;
    for (let i = j + 1; i < size; i += 1) {
      let sum = matrix[i * size + j]!;
      for (let k = 0; k < j; k += 1) sum -= matrix[i * size + k]! * matrix[j * size + k]!;
      matrix[i * size + j] = sum / root;
    }
  }
  const x = Float64Array.from(vector);
  for (let i = 0; i < size; i += 1) {
    let sum = x[i]!;
    for (let k = 0; k < i; k += 1) sum -= matrix[i * size + k]! * x[k]!;
    x[i] = sum / matrix[i * size + i]!;
  }
  for (let i = size - 1; i >= 0; i -= 1) {
    let sum = x[i]!;
    for (let k = i + 1; k < size; k += 1) sum -= matrix[k * size + i]! * x[k]!;
    x[i] = sum / matrix[i * size + i]!;
  }
  return x;
}

/**
 * Penalised logistic regression by Newton's method (IRLS): maximises the log-likelihood minus
 * ½·βᵀPβ, where `penalty` is the dense matrix P (ridge on the diagonal, smoothing between bins).
 */
export function fitLogistic(
  design: OneHotDesign,
  penalty: Float64Array,
  options: { readonly maxIterations?: number; readonly tolerance?: number } = {},
): LogisticFit {
  const size = design.columns;
  const { rows, perRow, active, labels } = design;
  const coefficients = new Float64Array(size);
  let positives = 0;
  for (let row = 0; row < rows; row += 1) positives += labels[row]!;
  const rate = Math.min(Math.max(positives / Math.max(rows, 1), 1e-6), 1 - 1e-6);
  coefficients[0] = Math.log(rate / (1 - rate));
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-7;
  const linearPredictor = new Float64Array(rows);
  const predict = () => {
    for (let row = 0; row < rows; row += 1) {
      let eta = coefficients[0]!;
      for (let k = 0; k < perRow; k += 1) eta += coefficients[active[row * perRow + k]!]!;
      linearPredictor[row] = eta;
    }
  };
  for (let iteration = 1; iteration <= maxIterations; iteration += 1) {
    const hessian = Float64Array.from(penalty);
    const gradient = new Float64Array(size);
    for (let i = 0; i < size; i += 1) {
      let sum = 0;
      for (let j = 0; j < size; j += 1) sum += penalty[i * size + j]! * coefficients[j]!;
      gradient[i] = -sum;
    }
    for (let row = 0; row < rows; row += 1) {
      const base = row * perRow;
      let eta = coefficients[0]!;
      for (let k = 0; k < perRow; k += 1) eta += coefficients[active[base + k]!]!;
      const p = sigmoid(eta);
      const weight = p * (1 - p);
      const residual = labels[row]! - p;
      gradient[0]! += residual;
      hessian[0]! += weight;
      for (let k = 0; k < perRow; k += 1) {
        const a = active[base + k]!;
        gradient[a]! += residual;
        hessian[a]! += weight;
        hessian[a * size]! += weight;
        for (let m = 0; m < perRow; m += 1) hessian[a * size + active[base + m]!]! += weight;
      }
    }
    const step = solveSymmetric(hessian, gradient, size);
    let largest = 0;
    for (let i = 0; i < size; i += 1) {
      coefficients[i]! += step[i]!;
      largest = Math.max(largest, Math.abs(step[i]!));
    }
    if (largest < tolerance) {
      predict();
      return { coefficients, iterations: iteration, converged: true, linearPredictor };
    }
  }
  predict();
  return { coefficients, iterations: maxIterations, converged: false, linearPredictor };
}
