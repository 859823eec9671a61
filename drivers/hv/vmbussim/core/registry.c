// SPDX-License-Identifier: GPL-2.0
/*
 * The device-model registry: the models the host can create devices of.
 *
 * Each device family (ic/, storvsp/, netvsp/, echo/) is a module of its own
 * that registers its models here when it loads and unregisters them when
 * it unloads. A device holds a reference on its model's module from its
 * creation to its release, so a family module with live devices cannot be
 * unloaded: the machine (vmbussim_stop()) frees them first.
 *
 * The core knows no family: a device of a model not registered yet (the
 * devices parameter of vmbussim, "add" in ctl) makes it ask for the module
 * aliased vmbussim-model-<name> (request_module()), which each family
 * module declares for each of its models (MODULE_ALIAS()).
 */
#include <linux/ctype.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "vmbussim.h"

/* Longest model name the core asks a module for. */
#define VMBUSSIM_MODEL_NAME_MAX	32

static DEFINE_MUTEX(vmbussim_models_lock); /* vmbussim_models[] */
/* Registered models, by their index (the instance GUIDs' model byte). */
static const struct vmbussim_model *vmbussim_models[256];

static const struct vmbussim_model *vmbussim_model_find(const char *name)
{
	int i;

	lockdep_assert_held(&vmbussim_models_lock);
	for (i = 0; i < ARRAY_SIZE(vmbussim_models); i++)
		if (vmbussim_models[i] && !strcmp(vmbussim_models[i]->name, name))
			return vmbussim_models[i];
	return NULL;
}

static int vmbussim_model_add(const struct vmbussim_model *model)
{
	lockdep_assert_held(&vmbussim_models_lock);
	if (!model->index || vmbussim_models[model->index] ||
	    vmbussim_model_find(model->name))
		return -EEXIST;
	vmbussim_models[model->index] = model;
	return 0;
}

/**
 * vmbussim_models_register() - offer models to the host
 * @models: the models; each name and each index (1..255) must be unused
 * @count: how many
 *
 * Called by a model module when it loads. Devices of these models can be
 * created from then on (the devices parameter of vmbussim, "add" in ctl).
 *
 * Return: 0, or -EEXIST (and nothing registered) if a name or an index
 * is taken.
 */
int vmbussim_models_register(const struct vmbussim_model *const *models,
			     unsigned int count)
{
	unsigned int i;
	int ret = 0;

	mutex_lock(&vmbussim_models_lock);
	for (i = 0; i < count && !ret; i++)
		ret = vmbussim_model_add(models[i]);
	if (ret) {
		pr_err("vmbussim: model %s (%u) is registered already\n",
		       models[i - 1]->name, models[i - 1]->index);
		while (--i > 0)
			vmbussim_models[models[i - 1]->index] = NULL;
	}
	mutex_unlock(&vmbussim_models_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbussim_models_register);

/**
 * vmbussim_models_unregister() - undo vmbussim_models_register()
 * @models: the models registered
 * @count: how many
 *
 * Called by a model module when it unloads: no device of these models is
 * left then (each held the module).
 */
void vmbussim_models_unregister(const struct vmbussim_model *const *models,
				unsigned int count)
{
	unsigned int i;

	mutex_lock(&vmbussim_models_lock);
	for (i = 0; i < count; i++)
		if (vmbussim_models[models[i]->index] == models[i])
			vmbussim_models[models[i]->index] = NULL;
	mutex_unlock(&vmbussim_models_lock);
}
EXPORT_SYMBOL_GPL(vmbussim_models_unregister);

/* A model name as the families spell them: a short [a-z0-9_-] word. */
static bool vmbussim_model_name_ok(const char *name)
{
	size_t n = strlen(name), i;

	if (!n || n > VMBUSSIM_MODEL_NAME_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!islower(name[i]) && !isdigit(name[i]) &&
		    name[i] != '_' && name[i] != '-')
			return false;
	return true;
}

/**
 * vmbussim_model_request() - load the module of a model not registered
 * @name: the model's name
 *
 * Process context, no lock held (the module's init registers its
 * models). If no module provides the model, vmbussim_model_get() then
 * finds none.
 */
void vmbussim_model_request(const char *name)
{
	bool known;

	if (!vmbussim_model_name_ok(name))
		return;
	mutex_lock(&vmbussim_models_lock);
	known = vmbussim_model_find(name);
	mutex_unlock(&vmbussim_models_lock);
	if (!known)
		request_module("vmbussim-model-%s", name);
}

/**
 * vmbussim_model_get() - find a registered model and hold its module
 * @name: the model's name
 *
 * Return: the model, or NULL if none has that name or its module is
 * going away.
 */
const struct vmbussim_model *vmbussim_model_get(const char *name)
{
	const struct vmbussim_model *model;

	mutex_lock(&vmbussim_models_lock);
	model = vmbussim_model_find(name);
	if (model && !try_module_get(model->owner))
		model = NULL;
	mutex_unlock(&vmbussim_models_lock);
	return model;
}

/**
 * vmbussim_model_put() - drop the reference of vmbussim_model_get()
 * @model: the model
 */
void vmbussim_model_put(const struct vmbussim_model *model)
{
	module_put(model->owner);
}
