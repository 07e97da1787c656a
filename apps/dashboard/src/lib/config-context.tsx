// The loaded DashboardConfig, for components and hooks.
import { createContext, type ReactNode, useContext } from "react";
import type { DashboardConfig } from "../config.ts";

const ConfigContext = createContext<DashboardConfig | null>(null);

export function ConfigProvider({ config, children }: { config: DashboardConfig; children: ReactNode }) {
  return <ConfigContext.Provider value={config}>{children}</ConfigContext.Provider>;
}

export function useConfig(): DashboardConfig {
  const ctx = useContext(ConfigContext);
  if (!ctx) throw new Error("useConfig outside ConfigProvider");
  return ctx;
}
