import { z } from 'zod';
import { ROLES } from './roles.ts';

export const POSTS = ['书记', '副书记', '班子成员', '委员', '组织委员', '宣传委员', '纪检委员', '联络员', '工作人员', '党员'] as const;

export const personCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'codeFormat' });

export const personInputSchema = z.object({
  orgId: z.number().int().positive(),
  code: personCodeSchema,
  name: z.string().trim().min(1).max(50),
  post: z.string().trim().min(1).max(30),
  phone: z.string().trim().max(30).default(''),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
});
export type PersonInput = z.infer<typeof personInputSchema>;

export const grantInputSchema = z.object({
  role: z.enum(ROLES),
  orgId: z.number().int().positive(),
});
export type GrantInput = z.infer<typeof grantInputSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'usernameFormat' });
