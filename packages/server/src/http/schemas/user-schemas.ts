import { z } from "@hono/zod-openapi";
import { ROLES, type Role } from "../../use-cases/app-services.ts";
import { epochMs } from "./common-schemas.ts";
import { scopeSchema } from "./key-schemas.ts";

export const roleSchema = z.enum(ROLES as [Role, ...Role[]]);

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: roleSchema,
    createdAt: epochMs,
    updatedAt: epochMs,
    disabledAt: epochMs.nullable(),
  })
  .openapi("User");

export const userWithPasswordSchema = z
  .object({
    user: userSchema,
    password: z
      .string()
      .nullable()
      .openapi({ description: "The generated password, shown once; null when one was sent." }),
  })
  .openapi("UserWithPassword");

const passwordSchema = z.string().min(12).max(1024);

export const createUserBodySchema = z
  .object({
    email: z.string().min(3).max(254),
    role: roleSchema,
    password: passwordSchema.optional(),
  })
  .openapi("CreateUserRequest");

export const updateUserBodySchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((body) => body.role !== undefined || body.disabled !== undefined, {
    message: "send role, disabled or both",
    path: ["role"],
  })
  .openapi("UpdateUserRequest");

export const resetPasswordBodySchema = z
  .object({ password: passwordSchema.optional() })
  .openapi("ResetPasswordRequest");

export const signInBodySchema = z
  .object({ email: z.string().min(1).max(254), password: z.string().min(1).max(1024) })
  .openapi("SignInRequest");

export const sessionSchema = z
  .object({
    user: userSchema,
    scopes: z.array(scopeSchema),
    expiresAt: epochMs,
    idleExpiresAt: epochMs,
  })
  .openapi("Session");

export const changePasswordBodySchema = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: passwordSchema })
  .openapi("ChangePasswordRequest");
