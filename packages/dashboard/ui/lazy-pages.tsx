import { lazy } from "react";

// The models, funnel and evaluation pages bring the model parser and a YAML library; they load when
// first opened, so the leads page and the queue stay as light as before.
export const ModelsPage = lazy(() =>
  import("./pages/models-page.tsx").then((m) => ({ default: m.ModelsPage })),
);
export const ModelEditorPage = lazy(() =>
  import("./pages/model-editor-page.tsx").then((m) => ({ default: m.ModelEditorPage })),
);
export const ModelVersionsPage = lazy(() =>
  import("./pages/model-versions-page.tsx").then((m) => ({ default: m.ModelVersionsPage })),
);
export const FunnelPage = lazy(() =>
  import("./pages/funnel-page.tsx").then((m) => ({ default: m.FunnelPage })),
);
export const EvaluationPage = lazy(() =>
  import("./pages/evaluation-page.tsx").then((m) => ({ default: m.EvaluationPage })),
);
